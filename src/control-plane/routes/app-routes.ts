import { Type } from 'typebox';
import { allowedModelsSchema } from '../../config/config-schema.js';
import { toAllowedModelsColumn } from '../../storage/allowed-models-column.js';
import type { AppsTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import type { Store } from '../../storage/open-store.js';
import type { AdminApp, AdminRouteDeps } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { BodyObject, EntityId, errorResponses, NoContent, Page, PageQuery } from '../admin-schemas.js';
import { appView, AppView } from '../admin-views.js';
import { assertTenantRole } from '../authorize.js';
import { pageFetchSize, toPage } from '../paginate.js';

const tags = ['apps'];
const AppName = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 2000 });
const AppParams = Type.Object({ appId: EntityId });

/** The app `id`, or 404; the caller checks the tenant role against `tenant_id`. */
export async function loadApp(db: Store['db'], id: string): Promise<AppsTable> {
  const row = await db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new AdminError('not_found', `No app ${id}.`);
  return row;
}

/** Apps (API consumers) of a tenant: developers and above write, viewers read. */
export function registerAppRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store } = deps;

  app.post(
    '/api/admin/tenants/:tenantId/apps',
    {
      schema: {
        tags,
        summary: 'Create an app in a tenant',
        params: Type.Object({ tenantId: EntityId }),
        body: BodyObject({
          name: AppName,
          description: Type.Optional(Description),
          allowed_models: Type.Optional(allowedModelsSchema),
        }),
        response: { 201: AppView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      assertTenantRole(principal, request.params.tenantId, 'developer');
      const now = Date.now();
      const row: AppsTable = {
        id: newEntityId('app'),
        tenant_id: request.params.tenantId,
        name: request.body.name,
        description: request.body.description ?? '',
        allowed_models: toAllowedModelsColumn(request.body.allowed_models ?? null),
        created_at: now,
        updated_at: now,
      };
      await store.db.transaction().execute(async (trx) => {
        const tenant = await trx
          .selectFrom('tenants')
          .select('id')
          .where('id', '=', row.tenant_id)
          .executeTakeFirst();
        if (tenant === undefined) throw new AdminError('not_found', `No tenant ${row.tenant_id}.`);
        await trx.insertInto('apps').values(row).execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'app.create',
          targetType: 'app',
          targetId: row.id,
          tenantId: row.tenant_id,
          before: null,
          after: appView(row),
        });
      });
      deps.changed();
      return reply.status(201).send(appView(row));
    },
  );

  app.get(
    '/api/admin/tenants/:tenantId/apps',
    {
      schema: {
        tags,
        summary: "List a tenant's apps",
        params: Type.Object({ tenantId: EntityId }),
        querystring: PageQuery,
        response: { 200: Page(AppView), ...errorResponses },
      },
    },
    async (request) => {
      assertTenantRole(deps.principal(request), request.params.tenantId, 'viewer');
      let query = store.db.selectFrom('apps').selectAll().where('tenant_id', '=', request.params.tenantId);
      if (request.query.cursor !== undefined) query = query.where('id', '>', request.query.cursor);
      const rows = await query.orderBy('id').limit(pageFetchSize(request.query)).execute();
      return toPage(rows, request.query, (row) => row.id, appView);
    },
  );

  app.get(
    '/api/admin/apps/:appId',
    {
      schema: {
        tags,
        summary: 'Get an app',
        params: AppParams,
        response: { 200: AppView, ...errorResponses },
      },
    },
    async (request) => {
      const row = await loadApp(store.db, request.params.appId);
      assertTenantRole(deps.principal(request), row.tenant_id, 'viewer');
      return appView(row);
    },
  );

  app.patch(
    '/api/admin/apps/:appId',
    {
      schema: {
        tags,
        summary: 'Rename an app, change its description or its model allow-list (null lifts it)',
        params: AppParams,
        body: BodyObject({
          name: Type.Optional(AppName),
          description: Type.Optional(Description),
          allowed_models: Type.Optional(allowedModelsSchema),
        }),
        response: { 200: AppView, ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      const updated = await store.db.transaction().execute(async (trx) => {
        const before = await loadApp(trx, request.params.appId);
        assertTenantRole(principal, before.tenant_id, 'developer');
        // Changing a list can widen access, which is the tenant admin's decision, not a developer's.
        if (request.body.allowed_models !== undefined)
          assertTenantRole(principal, before.tenant_id, 'tenant_admin');
        const after: AppsTable = {
          ...before,
          name: request.body.name ?? before.name,
          description: request.body.description ?? before.description,
          allowed_models:
            request.body.allowed_models === undefined
              ? before.allowed_models
              : toAllowedModelsColumn(request.body.allowed_models),
          updated_at: Date.now(),
        };
        await trx
          .updateTable('apps')
          .set({
            name: after.name,
            description: after.description,
            allowed_models: after.allowed_models,
            updated_at: after.updated_at,
          })
          .where('id', '=', before.id)
          .execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'app.update',
          targetType: 'app',
          targetId: before.id,
          tenantId: before.tenant_id,
          before: appView(before),
          after: appView(after),
        });
        return after;
      });
      deps.changed();
      return appView(updated);
    },
  );

  app.delete(
    '/api/admin/apps/:appId',
    {
      schema: {
        tags,
        summary: 'Delete an app with its keys and subscriptions',
        params: AppParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      await store.db.transaction().execute(async (trx) => {
        const before = await loadApp(trx, request.params.appId);
        assertTenantRole(principal, before.tenant_id, 'developer');
        // Keys and subscriptions cascade; policies carry no foreign key, so they go here.
        const keyIds = trx.selectFrom('api_keys').select('id').where('app_id', '=', before.id);
        for (const table of ['rate_limits', 'budgets'] as const) {
          await trx
            .deleteFrom(table)
            .where((where) =>
              where.or([
                where.and([where('scope', '=', 'app'), where('scope_id', '=', before.id)]),
                where.and([where('scope', '=', 'key'), where('scope_id', 'in', keyIds)]),
              ]),
            )
            .execute();
        }
        await trx.deleteFrom('apps').where('id', '=', before.id).execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'app.delete',
          targetType: 'app',
          targetId: before.id,
          tenantId: before.tenant_id,
          before: appView(before),
          after: null,
        });
      });
      deps.changed();
      return reply.status(204).send(null);
    },
  );
}
