import type { ConfigFile } from '../../config/config-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import { AdminError } from '../admin-error.js';
import { changedFields, planEntry, record, type ApplyContext } from './apply-plan.js';
import { applyLimits } from './apply-policies.js';
import { checkRouteSpec } from './check-resources.js';
import { assertRouteNameFreeOfProviders } from './check-route-name.js';
import type { RouteSpec } from './route-spec.js';

type ModelEntry = NonNullable<ConfigFile['models']>[number];

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
  for (const [index, entry] of models.entries()) {
    const path = `models[${index}]`;
    const spec = routeSpecOf(entry);
    await checkRouteSpec(context.db, entry.name, spec, path);
    await assertRouteNameFreeOfProviders(context.db, entry.name, `${path}.name`);
    const tenantId =
      entry.tenant === undefined ? null : await tenantIdOf(context, entry.tenant, `${path}.tenant`);
    const wanted = {
      spec: JSON.stringify(spec),
      tenant_id: tenantId,
      visibility: entry.visibility ?? 'shared',
      lifecycle: entry.lifecycle ?? 'published',
      requires_approval: entry.requires_approval === true ? 1 : 0,
      log_bodies: entry.log_bodies === true ? 1 : 0,
      description: entry.description ?? '',
    };
    const before = await context.db
      .selectFrom('routes')
      .selectAll()
      .where('name', '=', entry.name)
      .executeTakeFirst();
    let id = before?.id ?? newEntityId('rte');
    let changed: string[] | undefined;
    if (before === undefined) {
      await context.db
        .insertInto('routes')
        .values({ id, name: entry.name, ...wanted, created_at: context.now, updated_at: context.now })
        .execute();
    } else {
      id = before.id;
      const stored = pick(before, wanted);
      changed = [
        ...changedFields(JSON.parse(stored.spec) as Record<string, unknown>, spec).map(
          (name) => `spec.${name}`,
        ),
        ...changedFields({ ...stored, spec: null }, { ...wanted, spec: null }),
      ];
      if (changed.length > 0) {
        await context.db
          .updateTable('routes')
          .set({ ...wanted, updated_at: context.now })
          .where('id', '=', id)
          .execute();
      }
    }
    const view = (row: typeof wanted) => ({
      name: entry.name,
      ...row,
      spec: JSON.parse(row.spec) as unknown,
    });
    await record(context, planEntry('route', entry.name, changed), {
      action: before === undefined ? 'route.create' : 'route.update',
      targetType: 'route',
      targetId: id,
      tenantId,
      before: before === undefined ? null : view(pick(before, wanted)),
      after: view(wanted),
    });
    if (entry.limits !== undefined) {
      await applyLimits(
        context,
        { scope: 'route', id, tenantId, label: `route ${entry.name}` },
        entry.limits,
      );
    }
  }
}

/** The id of the tenant named `name`; 400 naming `path` when there is none. */
export async function tenantIdOf(context: ApplyContext, name: string, path: string): Promise<string> {
  const row = await context.db.selectFrom('tenants').select('id').where('name', '=', name).executeTakeFirst();
  if (row === undefined)
    throw new AdminError('invalid_request', `Invalid '${path}': no tenant named ${name}.`);
  return row.id;
}

function pick<Shape extends object>(row: Record<keyof Shape, unknown>, shape: Shape): Shape {
  return Object.fromEntries(Object.keys(shape).map((name) => [name, row[name as keyof Shape]])) as Shape;
}
