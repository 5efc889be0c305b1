import { Type } from 'typebox';
import type { AuditLogTable } from '../../storage/database-schema.js';
import type { AdminApp, AdminRouteDeps } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { EntityId, errorResponses, Nullable, Page, PageQuery } from '../admin-schemas.js';
import { pageFetchSize, toPage } from '../paginate.js';

const AuditView = Type.Object({
  id: Type.Integer(),
  at: Type.Integer(),
  actor: Type.String(),
  action: Type.String(),
  target_type: Type.String(),
  target_id: Type.String(),
  tenant_id: Nullable(Type.String()),
  before: Type.Unknown({ description: 'The object before the change, secrets masked; null when created.' }),
  after: Type.Unknown({ description: 'The object after the change, secrets masked; null when deleted.' }),
});

const AuditQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    tenant_id: Type.Optional(EntityId),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    target_type: Type.Optional(Type.String({ maxLength: 100 })),
    target_id: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch milliseconds, inclusive.' })),
    to: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch milliseconds, exclusive.' })),
  }),
]);

type StoredAudit = Omit<AuditLogTable, 'id'> & { id: number };

function auditView(row: StoredAudit) {
  return {
    ...row,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
  };
}

/** The audit log, newest first; tenant members see only their tenant's entries. */
export function registerAuditRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  app.get(
    '/api/admin/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first',
        querystring: AuditQuery,
        response: { 200: Page(AuditView), ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      const filter = request.query;
      let tenantId = filter.tenant_id;
      if (principal.role !== 'platform_admin') {
        if (tenantId !== undefined && tenantId !== principal.tenantId) {
          throw new AdminError('not_found', 'Not found.');
        }
        tenantId = principal.tenantId ?? '';
      }
      let query = deps.store.db.selectFrom('audit_log').selectAll();
      if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
      if (filter.action !== undefined) query = query.where('action', '=', filter.action);
      if (filter.target_type !== undefined) query = query.where('target_type', '=', filter.target_type);
      if (filter.target_id !== undefined) query = query.where('target_id', '=', filter.target_id);
      if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
      if (filter.to !== undefined) query = query.where('at', '<', filter.to);
      if (filter.cursor !== undefined) {
        const before = Number(filter.cursor);
        if (!Number.isSafeInteger(before)) throw new AdminError('invalid_request', 'Invalid cursor.');
        query = query.where('id', '<', before);
      }
      const rows = await query.orderBy('id', 'desc').limit(pageFetchSize(filter)).execute();
      return toPage(rows, filter, (row) => String(row.id), auditView);
    },
  );
}
