import type { ConfigFile } from '../../config/config-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import { AdminError } from '../admin-error.js';
import { serviceRepository, type Service } from '../../storage/repositories/service-repository.js';
import { changedFields, planEntry, record, storedValues, type ApplyContext } from './apply-plan.js';
import { applyLimits } from './apply-policies.js';
import { checkRouteSpec } from './check-resources.js';
import { assertRouteNameFreeOfProviders } from './check-route-name.js';
import type { RouteSpec } from './route-spec.js';

type ModelEntry = NonNullable<ConfigFile['models']>[number];
/** The route columns a document sets. */
type ServiceFields = Pick<
  Service,
  'spec' | 'tenant_id' | 'visibility' | 'lifecycle' | 'requires_approval' | 'log_bodies' | 'description'
>;

const serviceFields = new Set([
  'name',
  'tenant',
  'visibility',
  'lifecycle',
  'requires_approval',
  'log_bodies',
  'description',
  'limits',
]);

/** The route's routing settings: the entry without its name and service fields. */
export function routeSpecOf(entry: ModelEntry): RouteSpec {
  return Object.fromEntries(Object.entries(entry).filter(([name]) => !serviceFields.has(name))) as RouteSpec;
}

/**
 * Creates or updates each route of the document. Service fields left out take their defaults
 * (platform-owned, shared, published, no approval, no body logging), as the file always declared.
 */
export async function applyModels(context: ApplyContext, models: readonly ModelEntry[]): Promise<void> {
  for (const [index, entry] of models.entries()) await applyModel(context, entry, `models[${index}]`);
}

async function applyModel(context: ApplyContext, entry: ModelEntry, path: string): Promise<void> {
  const spec = routeSpecOf(entry);
  await checkRouteSpec(context.db, entry.name, spec, path);
  await assertRouteNameFreeOfProviders(context.db, entry.name, `${path}.name`);
  const tenantId =
    entry.tenant === undefined ? null : await tenantIdOf(context, entry.tenant, `${path}.tenant`);
  const wanted: ServiceFields = {
    spec,
    tenant_id: tenantId,
    visibility: entry.visibility ?? 'shared',
    lifecycle: entry.lifecycle ?? 'published',
    requires_approval: entry.requires_approval === true ? 1 : 0,
    log_bodies: entry.log_bodies === true ? 1 : 0,
    description: entry.description ?? '',
  };
  const before = await serviceRepository.findByName(context.db, entry.name);
  if (before === undefined && (await serviceRepository.anyServiceNamed(context.db, entry.name))) {
    throw new AdminError(
      'invalid_request',
      `Invalid '${path}.name': ${entry.name} is an HTTP service; model routes and services share names.`,
    );
  }
  const { id, changed } = await writeService(context, entry.name, before, wanted);
  const view = (row: ServiceFields) => ({ name: entry.name, ...row });
  await record(context, planEntry('route', entry.name, changed), {
    action: before === undefined ? 'route.create' : 'route.update',
    targetType: 'route',
    targetId: id,
    tenantId,
    before: before === undefined ? null : view(storedValues(before, wanted)),
    after: view(wanted),
  });
  if (entry.limits !== undefined) {
    await applyLimits(context, { scope: 'route', id, tenantId, label: `route ${entry.name}` }, entry.limits);
  }
}

/** Inserts the route, or updates it when a field changed; `changed` as `planEntry` takes it. */
async function writeService(
  context: ApplyContext,
  name: string,
  before: Service | undefined,
  wanted: ServiceFields,
): Promise<{ id: string; changed: string[] | undefined }> {
  if (before === undefined) {
    const id = newEntityId('rte');
    await serviceRepository.insert(context.db, {
      id,
      name,
      ...wanted,
      created_at: context.now,
      updated_at: context.now,
    });
    return { id, changed: undefined };
  }
  const stored = storedValues(before, wanted);
  const changed = [
    ...changedFields(stored.spec, wanted.spec).map((field) => `spec.${field}`),
    ...changedFields({ ...stored, spec: null }, { ...wanted, spec: null }),
  ];
  if (changed.length > 0)
    await serviceRepository.update(context.db, before.id, { ...wanted, updated_at: context.now });
  return { id: before.id, changed };
}

/** The id of the tenant named `name`; 400 naming `path` when there is none. */
export async function tenantIdOf(context: ApplyContext, name: string, path: string): Promise<string> {
  const row = await context.db.selectFrom('tenants').select('id').where('name', '=', name).executeTakeFirst();
  if (row === undefined)
    throw new AdminError('invalid_request', `Invalid '${path}': no tenant named ${name}.`);
  return row.id;
}
