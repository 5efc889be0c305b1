import { Type, type Static } from 'typebox';
import { allowedModelsSchema } from '../../config/config-schema.js';
import { newEntityId, newSecret } from '../../storage/key-hasher.js';
import type { Db } from '../../storage/repositories/db.js';
import { keyRepository, type ApiKey } from '../../storage/repositories/key-repository.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation, type MutationAudit } from '../admin-mutation.js';
import { BodyObject, EntityId, errorResponses, Page, PageQuery } from '../admin-schemas.js';
import { keyView, KeyView } from '../admin-views.js';
import { assertTenantRole } from '../authorize.js';
import { pageFetchSize, toPage } from '../paginate.js';
import { searchKeys } from '../search-keys.js';
import { loadApp } from './app-routes.js';

const tags = ['api keys'];
const NewKey = Type.Intersect([KeyView, Type.Object({ key: Type.String() })]);
type NewKey = Static<typeof NewKey>;
const KeyParams = Type.Object({ id: EntityId });
const AppParams = Type.Object({ appId: EntityId });
const CreateKeyBody = BodyObject({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  expires_at: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch milliseconds.' })),
  allowed_models: Type.Optional(allowedModelsSchema),
});
const RotateKeyBody = BodyObject({
  grace_seconds: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 30 * 86_400, default: 86_400, description: 'Default one day.' }),
  ),
});
const KeySearchQuery = Type.Object({
  ...PageQuery.properties,
  tenant_id: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Platform admins only; others see their own tenant.',
    }),
  ),
  app_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Part of the name, prefix or id (case-insensitive).' }),
  ),
  status: Type.Optional(
    Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('expired')], {
      description:
        'active: neither revoked nor past expires_at (a rotated key stays active until its grace ends).',
    }),
  ),
});
const UpdateKeyBody = BodyObject({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  allowed_models: Type.Optional(allowedModelsSchema),
});

const schemas = {
  create: {
    tags,
    summary: 'Create an API key; the key is shown only in this response',
    params: AppParams,
    body: CreateKeyBody,
    response: { 201: NewKey, ...errorResponses },
  },
  list: {
    tags,
    summary: "List an app's keys (prefix only)",
    params: AppParams,
    querystring: PageQuery,
    response: { 200: Page(KeyView), ...errorResponses },
  },
  search: {
    tags,
    summary: 'List API keys across apps (prefix only), filtered; all tenants for platform admins',
    querystring: KeySearchQuery,
    response: { 200: Page(KeyView), ...errorResponses },
  },
  rotate: {
    tags,
    summary: 'Replace a key: the new key is shown once; the old one works until the grace period ends',
    params: KeyParams,
    body: RotateKeyBody,
    response: { 201: NewKey, ...errorResponses },
  },
  update: {
    tags,
    summary: "Rename a key or change its model allow-list (null lifts it; the app's list still applies)",
    params: KeyParams,
    body: UpdateKeyBody,
    response: { 200: KeyView, ...errorResponses },
  },
  revoke: {
    tags,
    summary: 'Revoke a key at once',
    params: KeyParams,
    response: { 200: KeyView, ...errorResponses },
  },
};

/** API keys of apps: developers and above create, rotate and revoke; viewers list. */
export const keyRoutes: AdminPlugin = (app, deps) => {
  app.post('/api/admin/apps/:appId/keys', { schema: schemas.create }, async (request, reply) => {
    const created = await createKey(deps, deps.principal(request), request.params.appId, request.body);
    return reply.status(201).send(created);
  });
  app.get('/api/admin/apps/:appId/keys', { schema: schemas.list }, async (request) => {
    const owner = await loadApp(deps.store.db, request.params.appId);
    assertTenantRole(deps.principal(request), owner.tenant_id, 'viewer');
    const window = { after: request.query.cursor, limit: pageFetchSize(request.query) };
    const rows = await keyRepository.listByApp(deps.store.db, owner.id, window);
    return toPage(rows, request.query, (row) => row.id, keyView);
  });
  app.get('/api/admin/keys', { schema: schemas.search }, async (request) => {
    const principal = deps.principal(request);
    const { tenant_id: asked, app_id: appId, q: text, status } = request.query;
    // Members see their own tenant only; naming another answers 404, as its objects do.
    if (asked !== undefined) assertTenantRole(principal, asked, 'viewer');
    if (principal.role !== 'platform_admin' && principal.tenantId === null) {
      throw new AdminError('forbidden', 'A user outside any tenant sees no keys.');
    }
    const tenantId = principal.role === 'platform_admin' ? asked : (principal.tenantId ?? undefined);
    const window = { after: request.query.cursor, limit: pageFetchSize(request.query) };
    const rows = await searchKeys(deps.store.db, { tenantId, appId, text, status, now: Date.now() }, window);
    return toPage(rows, request.query, (row) => row.id, keyView);
  });
  app.post(
    '/api/admin/keys/:id/rotate',
    {
      schema: schemas.rotate,
      // The body is optional: a bare POST rotates with the default grace period.
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
    },
    async (request, reply) => {
      const graceMs = (request.body.grace_seconds ?? 86_400) * 1000;
      const rotated = await rotateKey(deps, deps.principal(request), request.params.id, graceMs);
      return reply.status(201).send(rotated);
    },
  );
  app.patch('/api/admin/keys/:id', { schema: schemas.update }, (request) =>
    updateKey(deps, deps.principal(request), request.params.id, request.body),
  );
  app.post('/api/admin/keys/:id/revoke', { schema: schemas.revoke }, (request) =>
    revokeKey(deps, deps.principal(request), request.params.id),
  );
};

async function loadKey(db: Db, id: string): Promise<ApiKey> {
  const row = await keyRepository.find(db, id);
  if (row === undefined) throw new AdminError('not_found', `No API key ${id}.`);
  return row;
}

/** A new key row for an app, and the key itself (returned once, stored only as its hash). */
function mintKey(
  deps: AdminRouteDeps,
  owner: { tenant_id: string; app_id: string },
  fields: Pick<ApiKey, 'name' | 'expires_at' | 'allowed_models'>,
): { row: ApiKey; secret: string } {
  const { secret, prefix } = newSecret('pk');
  const row: ApiKey = {
    id: newEntityId('key'),
    tenant_id: owner.tenant_id,
    app_id: owner.app_id,
    name: fields.name,
    prefix,
    key_hash: deps.hasher.hash(secret),
    expires_at: fields.expires_at,
    revoked_at: null,
    rotated_to: null,
    allowed_models: fields.allowed_models,
    last_used_at: null,
    created_at: Date.now(),
  };
  return { row, secret };
}

async function createKey(
  deps: AdminRouteDeps,
  principal: Principal,
  appId: string,
  body: Static<typeof CreateKeyBody>,
): Promise<NewKey> {
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const owner = await loadApp(db, appId);
      assertTenantRole(principal, owner.tenant_id, 'developer');
      const { row, secret } = mintKey(
        deps,
        { tenant_id: owner.tenant_id, app_id: owner.id },
        {
          name: body.name,
          expires_at: body.expires_at ?? null,
          allowed_models: body.allowed_models ?? null,
        },
      );
      await keyRepository.insert(db, row);
      const view = keyView(row);
      return { result: { ...view, key: secret }, audit: [keyAudit('key.create', row, null, view)] };
    },
  });
}

async function rotateKey(
  deps: AdminRouteDeps,
  principal: Principal,
  id: string,
  graceMs: number,
): Promise<NewKey> {
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadKey(db, id);
      assertTenantRole(principal, before.tenant_id, 'developer');
      if (before.revoked_at !== null || before.rotated_to !== null) {
        throw new AdminError('conflict', `API key ${before.id} is already revoked or rotated.`);
      }
      // The new key keeps the old one's allow-list: a rotation must not widen access.
      const { row, secret } = mintKey(deps, before, before);
      const graceEnd = Date.now() + graceMs;
      const expiresAt = before.expires_at === null ? graceEnd : Math.min(before.expires_at, graceEnd);
      const after: ApiKey = { ...before, rotated_to: row.id, expires_at: expiresAt };
      await keyRepository.insert(db, row);
      if (!(await keyRepository.markRotated(db, before.id, row.id, expiresAt))) {
        throw new AdminError('conflict', `API key ${before.id} is already revoked or rotated.`);
      }
      const audit = keyAudit('key.rotate', before, keyView(before), keyView(after));
      return { result: { ...keyView(row), key: secret }, audit: [audit] };
    },
  });
}

async function updateKey(
  deps: AdminRouteDeps,
  principal: Principal,
  id: string,
  body: Static<typeof UpdateKeyBody>,
): Promise<KeyView> {
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadKey(db, id);
      assertTenantRole(principal, before.tenant_id, 'developer');
      // Changing a list can widen access, which is the tenant admin's decision, not a developer's.
      if (body.allowed_models !== undefined) assertTenantRole(principal, before.tenant_id, 'tenant_admin');
      const after: ApiKey = {
        ...before,
        name: body.name ?? before.name,
        allowed_models: body.allowed_models === undefined ? before.allowed_models : body.allowed_models,
      };
      await keyRepository.update(db, before.id, { name: after.name, allowed_models: after.allowed_models });
      const view = keyView(after);
      return { result: view, audit: [keyAudit('key.update', before, keyView(before), view)] };
    },
  });
}

/** Revokes a live key; revoking a revoked key answers it as it is, and audits nothing. */
async function revokeKey(deps: AdminRouteDeps, principal: Principal, id: string): Promise<KeyView> {
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadKey(db, id);
      assertTenantRole(principal, before.tenant_id, 'developer');
      if (before.revoked_at !== null) return { result: keyView(before), audit: [] };
      const at = Date.now();
      const after: ApiKey = { ...before, revoked_at: at };
      await keyRepository.revoke(db, before.id, at);
      const view = keyView(after);
      return { result: view, audit: [keyAudit('key.revoke', before, keyView(before), view)] };
    },
  });
}

function keyAudit(action: string, key: ApiKey, before: KeyView | null, after: KeyView | null): MutationAudit {
  return { action, targetType: 'api_key', targetId: key.id, tenantId: key.tenant_id, before, after };
}
