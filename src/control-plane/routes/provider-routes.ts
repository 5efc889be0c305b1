import { Type } from 'typebox';
import { providerSchema } from '../../config/config-schema.js';
import type { ProvidersTable } from '../../storage/database-schema.js';
import type { Store } from '../../storage/open-store.js';
import type { AdminApp, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { errorResponses, NoContent, Page, PageQuery } from '../admin-schemas.js';
import { checkProviderEntry } from '../apply/check-resources.js';
import { assertProviderIdFreeOfRoutes } from '../apply/check-route-name.js';
import {
  hasSecrets,
  openSecrets,
  sealSecrets,
  secretDestination,
  secretValues,
  splitProvider,
  type ProviderEntry,
  type ProviderSecrets,
} from '../apply/provider-secrets.js';
import {
  providerView,
  ProviderView as ProviderViewSchema,
  type ProviderView,
} from '../apply/provider-view.js';
import { parseRouteSpec } from '../apply/route-spec.js';
import { assertPlatformAdmin } from '../authorize.js';
import { pageFetchSize, toPage } from '../paginate.js';

const tags = ['providers'];
const ProviderParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

const ProviderUpdate = Type.Object(
  { ...providerSchema.properties, id: Type.Optional(providerSchema.properties.id) },
  { additionalProperties: false },
);

async function loadProvider(db: Store['db'], id: string): Promise<ProvidersTable> {
  const row = await db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new AdminError('not_found', `No provider ${id}.`);
  return row;
}

/** Provider credentials and settings: platform admins only; secrets are sealed and write-only. */
export function registerProviderRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store, secrets: box } = deps;
  const admin = (principal: Principal): Principal => (assertPlatformAdmin(principal), principal);

  app.post(
    '/api/admin/providers',
    {
      schema: {
        tags,
        summary: 'Add a provider (platform admin)',
        body: providerSchema,
        response: { 201: ProviderViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = admin(deps.principal(request));
      checkProviderEntry(request.body, 'body');
      const { spec, secrets } = splitProvider(request.body);
      const now = Date.now();
      const row: ProvidersTable = {
        id: request.body.id,
        type: request.body.type,
        spec: JSON.stringify(spec),
        secrets: sealSecrets(box, secrets, spec),
        secret_refs: '{}',
        created_at: now,
        updated_at: now,
      };
      await store.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('providers')
          .select('id')
          .where('id', '=', row.id)
          .executeTakeFirst();
        if (existing !== undefined)
          throw new AdminError('conflict', `Provider ${row.id} already exists.`);
        await assertProviderIdFreeOfRoutes(trx, row.id, 'id');
        await trx.insertInto('providers').values(row).execute();
        await deps.audit(trx, auditEntry(principal, 'provider.create', row.id, null, providerView(row, box)));
      });
      deps.changed();
      return reply.status(201).send(providerView(row, box));
    },
  );

  app.get(
    '/api/admin/providers',
    {
      schema: {
        tags,
        summary: 'List providers (platform admin)',
        querystring: PageQuery,
        response: { 200: Page(ProviderViewSchema), ...errorResponses },
      },
    },
    async (request) => {
      admin(deps.principal(request));
      let query = store.db.selectFrom('providers').selectAll();
      if (request.query.cursor !== undefined) query = query.where('id', '>', request.query.cursor);
      const rows = await query.orderBy('id').limit(pageFetchSize(request.query)).execute();
      return toPage(
        rows,
        request.query,
        (row) => row.id,
        (row) => providerView(row, box),
      );
    },
  );

  app.get(
    '/api/admin/providers/:id',
    {
      schema: {
        tags,
        summary: 'Get a provider (platform admin)',
        params: ProviderParams,
        response: { 200: ProviderViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      admin(deps.principal(request));
      return providerView(await loadProvider(store.db, request.params.id), box);
    },
  );

  app.put(
    '/api/admin/providers/:id',
    {
      schema: {
        tags,
        summary:
          'Replace a provider (platform admin); secrets left out of the body are kept, unless type, base_url, region or location changes: then they must be sent again',
        params: ProviderParams,
        body: ProviderUpdate,
        response: { 200: ProviderViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = admin(deps.principal(request));
      const id = request.params.id;
      if (request.body.id !== undefined && request.body.id !== id) {
        throw new AdminError('invalid_request',
          `Invalid 'id': the body names ${request.body.id}, the path ${id}.`,
        );
      }
      const updated = await store.db.transaction().execute(async (trx) => {
        const before = await loadProvider(trx, id);
        const beforeSpec = JSON.parse(before.spec) as Record<string, unknown>;
        const stored = openSecrets(box, before.secrets, beforeSpec);
        const entry = keptBaseUrl({ ...request.body, id }, beforeSpec, stored);
        const { spec, secrets } = splitProvider(entry);
        const { base_url: sentUrl, ...sentRest } = secrets;
        // The stored URL sent back (masked) is no new secret: it alone does not replace the others.
        const replace = hasSecrets(sentUrl === stored.base_url ? sentRest : secrets);
        assertSecretsFollow(before, { ...beforeSpec, ...stored }, entry, replace, stored);
        const storedRest: ProviderSecrets = { ...stored };
        delete storedRest.base_url;
        const kept = replace
          ? secrets
          : { ...storedRest, ...(sentUrl === undefined ? {} : { base_url: sentUrl }) };
        checkProviderEntry({ ...entry, ...kept, headers: { ...entry.headers, ...kept.headers } }, 'body');
        const after: ProvidersTable = {
          ...before,
          type: entry.type,
          spec: JSON.stringify(spec),
          secrets: replace ? sealSecrets(box, secrets, spec) : sealSecrets(box, kept, spec),
          secret_refs: replace ? '{}' : before.secret_refs,
          updated_at: Date.now(),
        };
        await trx
          .updateTable('providers')
          .set({
            type: after.type,
            spec: after.spec,
            secrets: after.secrets,
            secret_refs: after.secret_refs,
            updated_at: after.updated_at,
          })
          .where('id', '=', id)
          .execute();
        await deps.audit(
          trx,
          auditEntry(principal, 'provider.update', id, providerView(before, box), providerView(after, box)),
        );
        return after;
      });
      deps.changed();
      return providerView(updated, box);
    },
  );

  app.delete(
    '/api/admin/providers/:id',
    {
      schema: {
        tags,
        summary: 'Delete a provider no route uses (platform admin)',
        params: ProviderParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = admin(deps.principal(request));
      await store.db.transaction().execute(async (trx) => {
        const before = await loadProvider(trx, request.params.id);
        const routes = await trx.selectFrom('routes').select(['name', 'spec']).execute();
        const users = routes.filter((route) =>
          parseRouteSpec(route.spec).targets.some((target) => target.provider === before.id),
        );
        if (users.length > 0) {
          const names = users.map((route) => route.name).join(', ');
          throw new AdminError('conflict', `Provider ${before.id} is used by routes: ${names}.`);
        }
        await trx.deleteFrom('providers').where('id', '=', before.id).execute();
        await deps.audit(
          trx,
          auditEntry(principal, 'provider.delete', before.id, providerView(before, box), null),
        );
      });
      deps.changed();
      return reply.status(204).send(null);
    },
  );
}

function auditEntry(
  principal: Principal,
  action: string,
  id: string,
  before: ProviderView | null,
  after: ProviderView | null,
) {
  return { actor: principal, action, targetType: 'provider', targetId: id, tenantId: null, before, after };
}

/**
 * A body that sends back the masked base URL it was answered (`https://***@host/…`) means the
 * stored one, credentials included; anything else is taken as sent.
 */
function keptBaseUrl(
  entry: ProviderEntry,
  beforeSpec: Record<string, unknown>,
  stored: ProviderSecrets,
): ProviderEntry {
  const masked = beforeSpec['base_url'];
  if (stored.base_url === undefined || entry.base_url === undefined || entry.base_url !== masked)
    return entry;
  return { ...entry, base_url: stored.base_url };
}

/**
 * Stored credentials follow the provider only to where they were entered for: a change of type,
 * base URL, region or location without the credentials in the same body is a 400, so a changed
 * host never receives the secret entered for the old one.
 */
function assertSecretsFollow(
  before: ProvidersTable,
  beforeEntry: Record<string, unknown>,
  entry: ProviderEntry,
  replace: boolean,
  stored: ProviderSecrets,
): void {
  const storedPaths = [...secretValues(stored).keys()].filter((path) => path !== 'base_url');
  if (replace || storedPaths.length === 0) return;
  const was = secretDestination({ ...stringFields(beforeEntry), type: before.type });
  if (was === secretDestination(entry)) return;
  throw new AdminError('invalid_request',
    `Invalid 'body': changing where provider ${before.id} sends its credentials (type, base_url, region or location) requires sending them again in the same request (${storedPaths.join(', ')}); the stored ones are never sent to a new destination.`,
  );
}

function stringFields(spec: Record<string, unknown>): {
  base_url?: string;
  region?: string;
  location?: string;
} {
  const text = (name: string) => (typeof spec[name] === 'string' ? { [name]: spec[name] } : {});
  return { ...text('base_url'), ...text('region'), ...text('location') };
}
