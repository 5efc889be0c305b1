import { Type, type Static } from 'typebox';
import { newEntityId } from '../../storage/key-hasher.js';
import type { Db } from '../../storage/repositories/db.js';
import { tenantRepository } from '../../storage/repositories/tenant-repository.js';
import type { TenantsTable } from '../../storage/database-schema.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation } from '../admin-mutation.js';
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
const CreateTenantBody = BodyObject({ name: Handle, display_name: Type.Optional(DisplayName) });
const UpdateTenantBody = BodyObject({ display_name: DisplayName });

const schemas = {
  create: {
    tags,
    summary: 'Create a tenant (platform admin)',
    body: CreateTenantBody,
    response: { 201: TenantView, ...errorResponses },
  },
  list: {
    tags,
    summary: 'List tenants (platform admin: all; others: their own)',
    querystring: PageQuery,
    response: { 200: Page(TenantView), ...errorResponses },
  },
  get: {
    tags,
    summary: 'Get a tenant',
    params: TenantParams,
    response: { 200: TenantView, ...errorResponses },
  },
  update: {
    tags,
    summary: "Change a tenant's display name (tenant admin)",
    params: TenantParams,
    body: UpdateTenantBody,
    response: { 200: TenantView, ...errorResponses },
  },
  remove: {
    tags,
    summary: 'Delete a tenant with its users, apps, keys and policies (platform admin)',
    params: TenantParams,
    response: { 204: NoContent, ...errorResponses },
  },
};

/** Tenants: platform admins create and delete; members read their own; tenant admins rename. */
export const tenantRoutes: AdminPlugin = (app, deps) => {
  app.post('/api/admin/tenants', { schema: schemas.create }, async (request, reply) => {
    return reply.status(201).send(await createTenant(deps, deps.principal(request), request.body));
  });
  app.get('/api/admin/tenants', { schema: schemas.list }, (request) =>
    listTenants(deps, deps.principal(request), request.query),
  );
  app.get('/api/admin/tenants/:tenantId', { schema: schemas.get }, (request) =>
    getTenant(deps, deps.principal(request), request.params.tenantId),
  );
  app.patch('/api/admin/tenants/:tenantId', { schema: schemas.update }, (request) =>
    updateTenant(deps, deps.principal(request), request.params.tenantId, request.body),
  );
  app.delete('/api/admin/tenants/:tenantId', { schema: schemas.remove }, async (request, reply) => {
    await deleteTenant(deps, deps.principal(request), request.params.tenantId);
    return reply.status(204).send(null);
  });
};

async function loadTenant(db: Db, id: string): Promise<TenantsTable> {
  const row = await tenantRepository.find(db, id);
  if (row === undefined) throw new AdminError('not_found', `No tenant ${id}.`);
  return row;
}

async function createTenant(
  deps: AdminRouteDeps,
  principal: Principal,
  body: Static<typeof CreateTenantBody>,
): Promise<TenantView> {
  assertPlatformAdmin(principal);
  const now = Date.now();
  const row: TenantsTable = {
    id: newEntityId('ten'),
    name: body.name,
    display_name: body.display_name ?? body.name,
    created_at: now,
    updated_at: now,
  };
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      await tenantRepository.insert(db, row);
      const after = tenantView(row);
      return { result: after, audit: [tenantAudit('tenant.create', row.id, null, after)] };
    },
  });
}

async function listTenants(deps: AdminRouteDeps, principal: Principal, query: PageQuery) {
  const only = principal.role === 'platform_admin' ? undefined : (principal.tenantId ?? '');
  const window = { after: query.cursor, limit: pageFetchSize(query) };
  const rows = await tenantRepository.list(deps.store.db, only, window);
  return toPage(rows, query, (row) => row.id, tenantView);
}

async function getTenant(deps: AdminRouteDeps, principal: Principal, id: string): Promise<TenantView> {
  assertTenantRole(principal, id, 'viewer');
  return tenantView(await loadTenant(deps.store.db, id));
}

async function updateTenant(
  deps: AdminRouteDeps,
  principal: Principal,
  id: string,
  body: Static<typeof UpdateTenantBody>,
): Promise<TenantView> {
  assertTenantRole(principal, id, 'tenant_admin');
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadTenant(db, id);
      const after = { ...before, display_name: body.display_name, updated_at: Date.now() };
      await tenantRepository.setDisplayName(db, id, after.display_name, after.updated_at);
      const view = tenantView(after);
      return { result: view, audit: [tenantAudit('tenant.update', id, tenantView(before), view)] };
    },
  });
}

async function deleteTenant(deps: AdminRouteDeps, principal: Principal, id: string): Promise<void> {
  assertPlatformAdmin(principal);
  await runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadTenant(db, id);
      await tenantRepository.remove(db, id);
      return { result: undefined, audit: [tenantAudit('tenant.delete', id, tenantView(before), null)] };
    },
  });
}

function tenantAudit(action: string, id: string, before: TenantView | null, after: TenantView | null) {
  return { action, targetType: 'tenant', targetId: id, tenantId: id, before, after };
}
