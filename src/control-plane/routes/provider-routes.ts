import { Type, type Static } from 'typebox';
import { providerSchema } from '../../config/config-schema.js';
import type { Db } from '../../storage/repositories/db.js';
import { providerRepository, type Provider } from '../../storage/repositories/provider-repository.js';
import { serviceRepository } from '../../storage/repositories/service-repository.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation, type MutationAudit } from '../admin-mutation.js';
import { errorResponses, NoContent, Page, PageQuery } from '../admin-schemas.js';
import { checkProviderEntry } from '../apply/check-resources.js';
import { assertProviderIdFreeOfRoutes } from '../apply/check-route-name.js';
import { sealSecrets, splitProvider, type ProviderEntry } from '../apply/provider-secrets.js';
import { providerView, ProviderView } from '../apply/provider-view.js';
import { assertPlatformAdmin } from '../authorize.js';
import { pageFetchSize, toPage } from '../paginate.js';
import { replacedProvider } from './provider-replacement.js';

const tags = ['providers'];
const ProviderParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const ProviderUpdate = Type.Object(
  { ...providerSchema.properties, id: Type.Optional(providerSchema.properties.id) },
  { additionalProperties: false },
);

const schemas = {
  create: {
    tags,
    summary: 'Add a provider (platform admin)',
    body: providerSchema,
    response: { 201: ProviderView, ...errorResponses },
  },
  list: {
    tags,
    summary: 'List providers (platform admin)',
    querystring: PageQuery,
    response: { 200: Page(ProviderView), ...errorResponses },
  },
  get: {
    tags,
    summary: 'Get a provider (platform admin)',
    params: ProviderParams,
    response: { 200: ProviderView, ...errorResponses },
  },
  replace: {
    tags,
    summary:
      'Replace a provider (platform admin); secrets left out of the body are kept, unless type, base_url, region or location changes: then they must be sent again',
    params: ProviderParams,
    body: ProviderUpdate,
    response: { 200: ProviderView, ...errorResponses },
  },
  remove: {
    tags,
    summary: 'Delete a provider no route uses (platform admin)',
    params: ProviderParams,
    response: { 204: NoContent, ...errorResponses },
  },
};

/** Provider credentials and settings: platform admins only; secrets are sealed and write-only. */
export const providerRoutes: AdminPlugin = (app, deps) => {
  const admin = (principal: Principal): Principal => (assertPlatformAdmin(principal), principal);
  app.post('/api/admin/providers', { schema: schemas.create }, async (request, reply) => {
    return reply.status(201).send(await createProvider(deps, admin(deps.principal(request)), request.body));
  });
  app.get('/api/admin/providers', { schema: schemas.list }, (request) => {
    admin(deps.principal(request));
    return listProviders(deps, request.query);
  });
  app.get('/api/admin/providers/:id', { schema: schemas.get }, async (request) => {
    admin(deps.principal(request));
    return providerView(await loadProvider(deps.store.db, request.params.id), deps.secrets);
  });
  app.put('/api/admin/providers/:id', { schema: schemas.replace }, (request) =>
    replaceProvider(deps, admin(deps.principal(request)), request.params.id, request.body),
  );
  app.delete('/api/admin/providers/:id', { schema: schemas.remove }, async (request, reply) => {
    await deleteProvider(deps, admin(deps.principal(request)), request.params.id);
    return reply.status(204).send(null);
  });
};

async function loadProvider(db: Db, id: string): Promise<Provider> {
  const row = await providerRepository.find(db, id);
  if (row === undefined) throw new AdminError('not_found', `No provider ${id}.`);
  return row;
}

async function createProvider(
  deps: AdminRouteDeps,
  principal: Principal,
  body: ProviderEntry,
): Promise<ProviderView> {
  checkProviderEntry(body, 'body');
  const { spec, secrets } = splitProvider(body);
  const now = Date.now();
  const row: Provider = {
    id: body.id,
    type: body.type,
    spec,
    secrets: sealSecrets(deps.secrets, secrets, spec),
    secret_refs: {},
    created_at: now,
    updated_at: now,
  };
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      if (await providerRepository.exists(db, row.id))
        throw new AdminError('conflict', `Provider ${row.id} already exists.`);
      await assertProviderIdFreeOfRoutes(db, row.id, 'id');
      await providerRepository.insert(db, row);
      const view = providerView(row, deps.secrets);
      return { result: view, audit: [providerAudit('provider.create', row.id, null, view)] };
    },
  });
}

async function listProviders(deps: AdminRouteDeps, query: PageQuery) {
  const rows = await providerRepository.list(deps.store.db, {
    after: query.cursor,
    limit: pageFetchSize(query),
  });
  return toPage(
    rows,
    query,
    (row) => row.id,
    (row) => providerView(row, deps.secrets),
  );
}

async function replaceProvider(
  deps: AdminRouteDeps,
  principal: Principal,
  id: string,
  body: Static<typeof ProviderUpdate>,
): Promise<ProviderView> {
  if (body.id !== undefined && body.id !== id) {
    throw new AdminError('invalid_request', `Invalid 'id': the body names ${body.id}, the path ${id}.`);
  }
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadProvider(db, id);
      const after = replacedProvider(deps.secrets, before, { ...body, id });
      const { type, spec, secrets, secret_refs: refs, updated_at: updatedAt } = after;
      await providerRepository.update(db, id, {
        type,
        spec,
        secrets,
        secret_refs: refs,
        updated_at: updatedAt,
      });
      const view = providerView(after, deps.secrets);
      const audit = providerAudit('provider.update', id, providerView(before, deps.secrets), view);
      return { result: view, audit: [audit] };
    },
  });
}

async function deleteProvider(deps: AdminRouteDeps, principal: Principal, id: string): Promise<void> {
  await runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadProvider(db, id);
      const users = await serviceRepository.listNamesUsingProvider(db, before.id);
      if (users.length > 0) {
        throw new AdminError('conflict', `Provider ${before.id} is used by routes: ${users.join(', ')}.`);
      }
      await providerRepository.remove(db, before.id);
      const audit = providerAudit('provider.delete', before.id, providerView(before, deps.secrets), null);
      return { result: undefined, audit: [audit] };
    },
  });
}

function providerAudit(
  action: string,
  id: string,
  before: ProviderView | null,
  after: ProviderView | null,
): MutationAudit {
  return { action, targetType: 'provider', targetId: id, tenantId: null, before, after };
}
