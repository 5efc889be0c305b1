import { Type } from 'typebox';
import { allowedModelsSchema } from '../../config/config-schema.js';
import { toAllowedModelsColumn } from '../../storage/allowed-models-column.js';
import type { ApiKeysTable } from '../../storage/database-schema.js';
import { newEntityId, newSecret } from '../../storage/key-hasher.js';
import type { Store } from '../../storage/open-store.js';
import type { AdminApp, AdminRouteDeps } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { BodyObject, EntityId, errorResponses, Page, PageQuery } from '../admin-schemas.js';
import { keyView, KeyView } from '../admin-views.js';
import { assertTenantRole } from '../authorize.js';
import { pageFetchSize, toPage } from '../paginate.js';
import { loadApp } from './app-routes.js';

const tags = ['api keys'];
const NewKey = Type.Intersect([KeyView, Type.Object({ key: Type.String() })]);
const KeyParams = Type.Object({ id: EntityId });

async function loadKey(db: Store['db'], id: string): Promise<ApiKeysTable> {
  const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new AdminError('not_found', `No API key ${id}.`);
  return row;
}

/** A new key row for an app, and the key itself (returned once, stored only as its hash). */
function mintKey(
  deps: AdminRouteDeps,
  owner: { tenant_id: string; app_id: string },
  name: string,
  expiresAt: number | null,
  allowedModels: string | null,
) {
  const { secret, prefix } = newSecret('pk');
  const row: ApiKeysTable = {
    id: newEntityId('key'),
    tenant_id: owner.tenant_id,
    app_id: owner.app_id,
    name,
    prefix,
    key_hash: deps.hasher.hash(secret),
    expires_at: expiresAt,
    revoked_at: null,
    rotated_to: null,
    allowed_models: allowedModels,
    last_used_at: null,
    created_at: Date.now(),
  };
  return { row, secret };
}

/** API keys of apps: developers and above create, rotate and revoke; viewers list. */
export function registerKeyRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store } = deps;

  app.post(
    '/api/admin/apps/:appId/keys',
    {
      schema: {
        tags,
        summary: 'Create an API key; the key is shown only in this response',
        params: Type.Object({ appId: EntityId }),
        body: BodyObject({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          expires_at: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch milliseconds.' })),
          allowed_models: Type.Optional(allowedModelsSchema),
        }),
        response: { 201: NewKey, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      const minted = await store.db.transaction().execute(async (trx) => {
        const owner = await loadApp(trx, request.params.appId);
        assertTenantRole(principal, owner.tenant_id, 'developer');
        const { row, secret } = mintKey(
          deps,
          { tenant_id: owner.tenant_id, app_id: owner.id },
          request.body.name,
          request.body.expires_at ?? null,
          toAllowedModelsColumn(request.body.allowed_models ?? null),
        );
        await trx.insertInto('api_keys').values(row).execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'key.create',
          targetType: 'api_key',
          targetId: row.id,
          tenantId: row.tenant_id,
          before: null,
          after: keyView(row),
        });
        return { row, secret };
      });
      deps.changed();
      return reply.status(201).send({ ...keyView(minted.row), key: minted.secret });
    },
  );

  app.get(
    '/api/admin/apps/:appId/keys',
    {
      schema: {
        tags,
        summary: "List an app's keys (prefix only)",
        params: Type.Object({ appId: EntityId }),
        querystring: PageQuery,
        response: { 200: Page(KeyView), ...errorResponses },
      },
    },
    async (request) => {
      const owner = await loadApp(store.db, request.params.appId);
      assertTenantRole(deps.principal(request), owner.tenant_id, 'viewer');
      let query = store.db.selectFrom('api_keys').selectAll().where('app_id', '=', owner.id);
      if (request.query.cursor !== undefined) query = query.where('id', '>', request.query.cursor);
      const rows = await query.orderBy('id').limit(pageFetchSize(request.query)).execute();
      return toPage(rows, request.query, (row) => row.id, keyView);
    },
  );

  app.post(
    '/api/admin/keys/:id/rotate',
    {
      schema: {
        tags,
        summary: 'Replace a key: the new key is shown once; the old one works until the grace period ends',
        params: KeyParams,
        body: BodyObject({
          grace_seconds: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 30 * 86_400,
              default: 86_400,
              description: 'Default one day.',
            }),
          ),
        }),
        response: { 201: NewKey, ...errorResponses },
      },
      // The body is optional: a bare POST rotates with the default grace period.
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      const graceMs = (request.body.grace_seconds ?? 86_400) * 1000;
      const minted = await store.db.transaction().execute(async (trx) => {
        const before = await loadKey(trx, request.params.id);
        assertTenantRole(principal, before.tenant_id, 'developer');
        if (before.revoked_at !== null || before.rotated_to !== null) {
          throw new AdminError('conflict', `API key ${before.id} is already revoked or rotated.`);
        }
        const now = Date.now();
        // The new key keeps the old one's allow-list: a rotation must not widen access.
        const { row, secret } = mintKey(deps, before, before.name, before.expires_at, before.allowed_models);
        const graceEnd = now + graceMs;
        const after: ApiKeysTable = {
          ...before,
          rotated_to: row.id,
          expires_at: before.expires_at === null ? graceEnd : Math.min(before.expires_at, graceEnd),
        };
        await trx.insertInto('api_keys').values(row).execute();
        // Conditional, so two concurrent rotations cannot both win (PostgreSQL reads committed).
        const result = await trx
          .updateTable('api_keys')
          .set({ rotated_to: after.rotated_to, expires_at: after.expires_at })
          .where('id', '=', before.id)
          .where('rotated_to', 'is', null)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (result.numUpdatedRows !== 1n) {
          throw new AdminError('conflict', `API key ${before.id} is already revoked or rotated.`);
        }
        await deps.audit(trx, {
          actor: principal,
          action: 'key.rotate',
          targetType: 'api_key',
          targetId: before.id,
          tenantId: before.tenant_id,
          before: keyView(before),
          after: keyView(after),
        });
        return { row, secret };
      });
      deps.changed();
      return reply.status(201).send({ ...keyView(minted.row), key: minted.secret });
    },
  );

  app.patch(
    '/api/admin/keys/:id',
    {
      schema: {
        tags,
        summary: "Rename a key or change its model allow-list (null lifts it; the app's list still applies)",
        params: KeyParams,
        body: BodyObject({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          allowed_models: Type.Optional(allowedModelsSchema),
        }),
        response: { 200: KeyView, ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      const updated = await store.db.transaction().execute(async (trx) => {
        const before = await loadKey(trx, request.params.id);
        assertTenantRole(principal, before.tenant_id, 'developer');
        // Changing a list can widen access, which is the tenant admin's decision, not a developer's.
        if (request.body.allowed_models !== undefined)
          assertTenantRole(principal, before.tenant_id, 'tenant_admin');
        const after: ApiKeysTable = {
          ...before,
          name: request.body.name ?? before.name,
          allowed_models:
            request.body.allowed_models === undefined
              ? before.allowed_models
              : toAllowedModelsColumn(request.body.allowed_models),
        };
        await trx
          .updateTable('api_keys')
          .set({ name: after.name, allowed_models: after.allowed_models })
          .where('id', '=', before.id)
          .execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'key.update',
          targetType: 'api_key',
          targetId: before.id,
          tenantId: before.tenant_id,
          before: keyView(before),
          after: keyView(after),
        });
        return after;
      });
      deps.changed();
      return keyView(updated);
    },
  );

  app.post(
    '/api/admin/keys/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a key at once',
        params: KeyParams,
        response: { 200: KeyView, ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      const updated = await store.db.transaction().execute(async (trx) => {
        const before = await loadKey(trx, request.params.id);
        assertTenantRole(principal, before.tenant_id, 'developer');
        if (before.revoked_at !== null) return before;
        const after: ApiKeysTable = { ...before, revoked_at: Date.now() };
        await trx
          .updateTable('api_keys')
          .set({ revoked_at: after.revoked_at })
          .where('id', '=', before.id)
          .execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'key.revoke',
          targetType: 'api_key',
          targetId: before.id,
          tenantId: before.tenant_id,
          before: keyView(before),
          after: keyView(after),
        });
        return after;
      });
      deps.changed();
      return keyView(updated);
    },
  );
}
