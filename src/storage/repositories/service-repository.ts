import type { Static } from 'typebox';
import type { routeSpecSchema } from '../../config/route-spec-schema.js';
import type { Lifecycle, RoutesTable } from '../database-schema.js';
import type { Db } from './db.js';

/** A route (service) with its JSON `spec` column decoded: the routing settings of its models entry. */
export type Service = Omit<RoutesTable, 'spec'> & { spec: Static<typeof routeSpecSchema> };

/** Which routes a page lists; `visibleTo` keeps a tenant's own and shared ones in `listedStates`. */
export interface ServiceFilter {
  visibleTo?: { tenantId: string; listedStates: readonly Lifecycle[] };
  lifecycle?: Lifecycle;
  /** Ids strictly after this one (the page cursor). */
  after?: string;
  limit: number;
}

function decode(row: RoutesTable): Service {
  return { ...row, spec: JSON.parse(row.spec) as Service['spec'] };
}

function encode<Changes extends Partial<Service>>(
  changes: Changes,
): Omit<Changes, 'spec'> & { spec?: string } {
  const { spec, ...rest } = changes;
  return spec === undefined ? rest : { ...rest, spec: JSON.stringify(spec) };
}

export async function findService(db: Db, id: string): Promise<Service | undefined> {
  const row = await db.selectFrom('routes').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : decode(row);
}

export async function findServiceByName(db: Db, name: string): Promise<Service | undefined> {
  const row = await db.selectFrom('routes').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : decode(row);
}

/** The route whose id or name is `idOrName`. */
export async function findServiceByIdOrName(db: Db, idOrName: string): Promise<Service | undefined> {
  const row = await db
    .selectFrom('routes')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
  return row === undefined ? undefined : decode(row);
}

/** One page of routes in id order. */
export async function listServices(db: Db, filter: ServiceFilter): Promise<Service[]> {
  let query = db.selectFrom('routes').selectAll();
  const visibleTo = filter.visibleTo;
  if (visibleTo !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('tenant_id', '=', visibleTo.tenantId),
        eb.and([eb('visibility', '=', 'shared'), eb('lifecycle', 'in', [...visibleTo.listedStates])]),
      ]),
    );
  }
  if (filter.lifecycle !== undefined) query = query.where('lifecycle', '=', filter.lifecycle);
  if (filter.after !== undefined) query = query.where('id', '>', filter.after);
  const rows = await query.orderBy('id').limit(filter.limit).execute();
  return rows.map(decode);
}

/** Every route, oldest first (the order of an export). */
export async function listAllServices(db: Db): Promise<Service[]> {
  const rows = await db.selectFrom('routes').selectAll().orderBy('created_at').orderBy('name').execute();
  return rows.map(decode);
}

export async function listServiceNames(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('routes').select('name').execute();
  return rows.map((row) => row.name);
}

/** Names of the routes with a target on provider `providerId`. */
export async function listServicesUsingProvider(db: Db, providerId: string): Promise<string[]> {
  const rows = await db.selectFrom('routes').select(['name', 'spec']).execute();
  return rows
    .filter((row) =>
      (JSON.parse(row.spec) as Service['spec']).targets.some((target) => target.provider === providerId),
    )
    .map((row) => row.name);
}

export async function insertService(db: Db, service: Service): Promise<void> {
  await db.insertInto('routes').values({ ...service, spec: JSON.stringify(service.spec) }).execute();
}

/** Writes the given columns of route `id`. */
export async function updateService(
  db: Db,
  id: string,
  changes: Partial<Omit<Service, 'id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('routes').set(encode(changes)).where('id', '=', id).execute();
}

export async function deleteService(db: Db, id: string): Promise<void> {
  await db.deleteFrom('routes').where('id', '=', id).execute();
}
