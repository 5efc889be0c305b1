import { Type, type Static } from 'typebox';
import { auditRepository } from '../../storage/repositories/audit-repository.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
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

const schema = {
  tags: ['audit'],
  summary: 'Audit entries, newest first',
  querystring: AuditQuery,
  response: { 200: Page(AuditView), ...errorResponses },
};

/** The audit log, newest first; tenant members see only their tenant's entries. */
export const auditRoutes: AdminPlugin = (app, deps) => {
  app.get('/api/admin/audit', { schema }, (request) =>
    listAudit(deps, deps.principal(request), request.query),
  );
};

async function listAudit(deps: AdminRouteDeps, principal: Principal, query: Static<typeof AuditQuery>) {
  let tenantId = query.tenant_id;
  if (principal.role !== 'platform_admin') {
    if (tenantId !== undefined && tenantId !== principal.tenantId)
      throw new AdminError('not_found', 'Not found.');
    tenantId = principal.tenantId ?? '';
  }
  const before = query.cursor === undefined ? undefined : Number(query.cursor);
  if (before !== undefined && !Number.isSafeInteger(before)) {
    throw new AdminError('invalid_request', 'Invalid cursor.');
  }
  const filter = {
    tenantId,
    action: query.action,
    targetType: query.target_type,
    targetId: query.target_id,
    from: query.from,
    to: query.to,
  };
  const rows = await auditRepository.list(deps.store.db, filter, { before, limit: pageFetchSize(query) });
  return toPage(
    rows,
    query,
    (row) => String(row.id),
    (row) => row,
  );
}
