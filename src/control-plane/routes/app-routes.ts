import { Type, type Static } from 'typebox';
import { allowedModelsSchema } from '../../config/config-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import { appRepository, type App } from '../../storage/repositories/app-repository.js';
import type { Db } from '../../storage/repositories/db.js';
import { tenantRepository } from '../../storage/repositories/tenant-repository.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation, type MutationAudit } from '../admin-mutation.js';
import { BodyObject, EntityId, errorResponses, NoContent, Page, PageQuery } from '../admin-schemas.js';
import { appView, AppView } from '../admin-views.js';
import { assertTenantRole } from '../authorize.js';
import { pageFetchSize, toPage } from '../paginate.js';

const tags = ['apps'];
const AppName = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 2000 });
const AppParams = Type.Object({ appId: EntityId });
const TenantParams = Type.Object({ tenantId: EntityId });
const CreateAppBody = BodyObject({
  name: AppName,
  description: Type.Optional(Description),
  allowed_models: Type.Optional(allowedModelsSchema),
});
const UpdateAppBody = BodyObject({
  name: Type.Optional(AppName),
  description: Type.Optional(Description),
  allowed_models: Type.Optional(allowedModelsSchema),
});

const schemas = {
  create: {
    tags,
    summary: 'Create an app in a tenant',
    params: TenantParams,
    body: CreateAppBody,
    response: { 201: AppView, ...errorResponses },
  },
  list: {
    tags,
    summary: "List a tenant's apps",
    params: TenantParams,
    querystring: PageQuery,
    response: { 200: Page(AppView), ...errorResponses },
  },
  get: { tags, summary: 'Get an app', params: AppParams, response: { 200: AppView, ...errorResponses } },
  update: {
    tags,
    summary: 'Rename an app, change its description or its model allow-list (null lifts it)',
    params: AppParams,
    body: UpdateAppBody,
    response: { 200: AppView, ...errorResponses },
  },
  remove: {
    tags,
    summary: 'Delete an app with its keys and subscriptions',
    params: AppParams,
    response: { 204: NoContent, ...errorResponses },
  },
};

/** Apps (API consumers) of a tenant: developers and above write, viewers read. */
export const appRoutes: AdminPlugin = (app, deps) => {
  app.post('/api/admin/tenants/:tenantId/apps', { schema: schemas.create }, async (request, reply) => {
    const created = await createApp(deps, deps.principal(request), request.params.tenantId, request.body);
    return reply.status(201).send(created);
  });
  app.get('/api/admin/tenants/:tenantId/apps', { schema: schemas.list }, async (request) => {
    assertTenantRole(deps.principal(request), request.params.tenantId, 'viewer');
    const window = { after: request.query.cursor, limit: pageFetchSize(request.query) };
    const rows = await appRepository.listByTenant(deps.store.db, request.params.tenantId, window);
    return toPage(rows, request.query, (row) => row.id, appView);
  });
  app.get('/api/admin/apps/:appId', { schema: schemas.get }, async (request) => {
    const row = await loadApp(deps.store.db, request.params.appId);
    assertTenantRole(deps.principal(request), row.tenant_id, 'viewer');
    return appView(row);
  });
  app.patch('/api/admin/apps/:appId', { schema: schemas.update }, (request) =>
    updateApp(deps, deps.principal(request), request.params.appId, request.body),
  );
  app.delete('/api/admin/apps/:appId', { schema: schemas.remove }, async (request, reply) => {
    await deleteApp(deps, deps.principal(request), request.params.appId);
    return reply.status(204).send(null);
  });
};

/** The app `id`, or 404; the caller checks the tenant role against `tenant_id`. */
export async function loadApp(db: Db, id: string): Promise<App> {
  const row = await appRepository.find(db, id);
  if (row === undefined) throw new AdminError('not_found', `No app ${id}.`);
  return row;
}

async function createApp(
  deps: AdminRouteDeps,
  principal: Principal,
  tenantId: string,
  body: Static<typeof CreateAppBody>,
): Promise<AppView> {
  assertTenantRole(principal, tenantId, 'developer');
  const now = Date.now();
  const row: App = {
    id: newEntityId('app'),
    tenant_id: tenantId,
    name: body.name,
    description: body.description ?? '',
    allowed_models: body.allowed_models ?? null,
    created_at: now,
    updated_at: now,
  };
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      if ((await tenantRepository.find(db, tenantId)) === undefined) {
        throw new AdminError('not_found', `No tenant ${tenantId}.`);
      }
      await appRepository.insert(db, row);
      return { result: appView(row), audit: [appAudit('app.create', row, null, appView(row))] };
    },
  });
}

async function updateApp(
  deps: AdminRouteDeps,
  principal: Principal,
  id: string,
  body: Static<typeof UpdateAppBody>,
): Promise<AppView> {
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadApp(db, id);
      assertTenantRole(principal, before.tenant_id, 'developer');
      // Changing a list can widen access, which is the tenant admin's decision, not a developer's.
      if (body.allowed_models !== undefined) assertTenantRole(principal, before.tenant_id, 'tenant_admin');
      const after: App = {
        ...before,
        name: body.name ?? before.name,
        description: body.description ?? before.description,
        allowed_models: body.allowed_models === undefined ? before.allowed_models : body.allowed_models,
        updated_at: Date.now(),
      };
      await appRepository.update(db, id, after);
      const view = appView(after);
      return { result: view, audit: [appAudit('app.update', before, appView(before), view)] };
    },
  });
}

async function deleteApp(deps: AdminRouteDeps, principal: Principal, id: string): Promise<void> {
  await runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadApp(db, id);
      assertTenantRole(principal, before.tenant_id, 'developer');
      await appRepository.remove(db, id);
      return { result: undefined, audit: [appAudit('app.delete', before, appView(before), null)] };
    },
  });
}

function appAudit(action: string, app: App, before: AppView | null, after: AppView | null): MutationAudit {
  return { action, targetType: 'app', targetId: app.id, tenantId: app.tenant_id, before, after };
}
