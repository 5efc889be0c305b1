import { Type } from 'typebox';
import { newEntityId } from '../../storage/key-hasher.js';
import type { Store } from '../../storage/open-store.js';
import type { AdminApp, AdminRouteDeps } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import {
  BodyObject,
  EntityId,
  errorResponses,
  Handle,
  NoContent,
  Page,
  PageQuery,
} from '../admin-schemas.js';
import { tenantView, TenantView } from '../admin-views.js';
import { assertPlatformAdmin, assertTenantRole } from '../authorize.js';
import { pageFetchSize, toPage } from '../paginate.js';

const tags = ['tenants'];
const TenantParams = Type.Object({ tenantId: EntityId });
const DisplayName = Type.String({ minLength: 1, maxLength: 200 });

async function loadTenant(db: Store['db'], id: string) {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new AdminError('not_found', `No tenant ${id}.`);
  return row;
}

/** Tenants: platform admins create and delete; members read their own; tenant admins rename. */
export function registerTenantRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store } = deps;

  app.post(
    '/api/admin/tenants',
    {
      schema: {
        tags,
        summary: 'Create a tenant (platform admin)',
        body: BodyObject({ name: Handle, display_name: Type.Optional(DisplayName) }),
        response: { 201: TenantView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      assertPlatformAdmin(principal);
      const now = Date.now();
      const row = {
        id: newEntityId('ten'),
        name: request.body.name,
        display_name: request.body.display_name ?? request.body.name,
        created_at: now,
        updated_at: now,
      };
      await store.db.transaction().execute(async (trx) => {
        await trx.insertInto('tenants').values(row).execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'tenant.create',
          targetType: 'tenant',
          targetId: row.id,
          tenantId: row.id,
          before: null,
          after: tenantView(row),
        });
      });
      deps.changed();
      return reply.status(201).send(tenantView(row));
    },
  );

  app.get(
    '/api/admin/tenants',
    {
      schema: {
        tags,
        summary: 'List tenants (platform admin: all; others: their own)',
        querystring: PageQuery,
        response: { 200: Page(TenantView), ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      let query = store.db.selectFrom('tenants').selectAll();
      if (principal.role !== 'platform_admin') query = query.where('id', '=', principal.tenantId ?? '');
      if (request.query.cursor !== undefined) query = query.where('id', '>', request.query.cursor);
      const rows = await query.orderBy('id').limit(pageFetchSize(request.query)).execute();
      return toPage(rows, request.query, (row) => row.id, tenantView);
    },
  );

  app.get(
    '/api/admin/tenants/:tenantId',
    {
      schema: {
        tags,
        summary: 'Get a tenant',
        params: TenantParams,
        response: { 200: TenantView, ...errorResponses },
      },
    },
    async (request) => {
      assertTenantRole(deps.principal(request), request.params.tenantId, 'viewer');
      return tenantView(await loadTenant(store.db, request.params.tenantId));
    },
  );

  app.patch(
    '/api/admin/tenants/:tenantId',
    {
      schema: {
        tags,
        summary: "Change a tenant's display name (tenant admin)",
        params: TenantParams,
        body: BodyObject({ display_name: DisplayName }),
        response: { 200: TenantView, ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      assertTenantRole(principal, request.params.tenantId, 'tenant_admin');
      const updated = await store.db.transaction().execute(async (trx) => {
        const before = await loadTenant(trx, request.params.tenantId);
        const after = { ...before, display_name: request.body.display_name, updated_at: Date.now() };
        await trx
          .updateTable('tenants')
          .set({ display_name: after.display_name, updated_at: after.updated_at })
          .where('id', '=', before.id)
          .execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'tenant.update',
          targetType: 'tenant',
          targetId: before.id,
          tenantId: before.id,
          before: tenantView(before),
          after: tenantView(after),
        });
        return after;
      });
      deps.changed();
      return tenantView(updated);
    },
  );

  app.delete(
    '/api/admin/tenants/:tenantId',
    {
      schema: {
        tags,
        summary: 'Delete a tenant with its users, apps, keys and policies (platform admin)',
        params: TenantParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      assertPlatformAdmin(principal);
      await store.db.transaction().execute(async (trx) => {
        const before = await loadTenant(trx, request.params.tenantId);
        // Users, apps, keys, routes and subscriptions cascade; policies carry no foreign key.
        await trx.deleteFrom('rate_limits').where('tenant_id', '=', before.id).execute();
        await trx.deleteFrom('budgets').where('tenant_id', '=', before.id).execute();
        await trx.deleteFrom('tenants').where('id', '=', before.id).execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'tenant.delete',
          targetType: 'tenant',
          targetId: before.id,
          tenantId: before.id,
          before: tenantView(before),
          after: null,
        });
      });
      deps.changed();
      return reply.status(204).send(null);
    },
  );
}
