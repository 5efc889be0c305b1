import type { Selectable } from 'kysely';
import type { Static } from 'typebox';
import type { routeSpecSchema } from '../../config/route-spec-schema.js';
import type { Lifecycle, RoutesTable } from '../database-schema.js';
import type { Db, PageWindow } from './db.js';

/** The columns only HTTP services use (see http-service-repository.ts). */
type HttpColumns = 'kind' | 'credential_sealed' | 'openapi' | 'release';

/**
 * A model route (kind 'model') with its JSON `spec` column decoded: the routing settings of its
 * models entry. HTTP services share the table but never pass through this repository.
 */
export type Service = Omit<RoutesTable, 'spec' | HttpColumns> & { spec: Static<typeof routeSpecSchema> };

/** Which routes a page lists: `visibleTo` keeps a tenant's own ones and shared ones in `listedStates`. */
export interface ServiceFilter {
  visibleTo: { tenantId: string; listedStates: readonly Lifecycle[] } | undefined;
  lifecycle: Lifecycle | undefined;
  /** Part of the name or description, case-insensitive (the portal's search). */
  q?: string | undefined;
}

/** The governance columns every service has, whatever its kind: what subscriptions and limits need. */
export type GovernedService = Pick<
  Selectable<RoutesTable>,
  'id' | 'name' | 'kind' | 'tenant_id' | 'visibility' | 'lifecycle' | 'requires_approval' | 'log_bodies'
>;

const governedColumns = [
  'id',
  'name',
  'kind',
  'tenant_id',
  'visibility',
  'lifecycle',
  'requires_approval',
  'log_bodies',
] as const;

function decode(row: Omit<RoutesTable, HttpColumns>): Service {
  return { ...row, spec: JSON.parse(row.spec) as Service['spec'] };
}

function decodeFirst(row: Omit<RoutesTable, HttpColumns> | undefined): Service | undefined {
  return row === undefined ? undefined : decode(row);
}

/** Model routes only: every query below starts here. */
function modelRoutes(db: Db) {
  return db.selectFrom('routes').where('kind', '=', 'model');
}

/**
 * The queries on model routes (services of kind 'model'); the `spec` column is JSON here and
 * decoded everywhere else. Name checks that span both kinds use `anyServiceNamed`.
 */
export const serviceRepository = {
  async find(db: Db, id: string): Promise<Service | undefined> {
    return decodeFirst(await modelRoutes(db).selectAll().where('id', '=', id).executeTakeFirst());
  },

  async findByName(db: Db, name: string): Promise<Service | undefined> {
    return decodeFirst(await modelRoutes(db).selectAll().where('name', '=', name).executeTakeFirst());
  },

  /** The route whose id or name is `idOrName`. */
  async findByIdOrName(db: Db, idOrName: string): Promise<Service | undefined> {
    const row = await modelRoutes(db)
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
    return decodeFirst(row);
  },

  /** One page of routes by id. */
  async list(db: Db, filter: ServiceFilter, page: PageWindow): Promise<Service[]> {
    let query = modelRoutes(db).selectAll();
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
    const q = filter.q;
    if (q !== undefined && q !== '') {
      // As the HTTP services' search: LIKE wildcards in the text are taken literally.
      const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['name']), 'like', eb.val(pattern)),
          eb(eb.fn('lower', ['description']), 'like', eb.val(pattern)),
        ]),
      );
    }
    if (page.after !== undefined) query = query.where('id', '>', page.after);
    const rows = await query.orderBy('id').limit(page.limit).execute();
    return rows.map(decode);
  },

  /** Every route, oldest first (the order of an export). */
  async listAll(db: Db): Promise<Service[]> {
    const rows = await modelRoutes(db).selectAll().orderBy('created_at').orderBy('name').execute();
    return rows.map(decode);
  },

  async listNames(db: Db): Promise<string[]> {
    const rows = await modelRoutes(db).select('name').execute();
    return rows.map((row) => row.name);
  },

  /** Names of the routes with a target on provider `providerId`. */
  async listNamesUsingProvider(db: Db, providerId: string): Promise<string[]> {
    const rows = await modelRoutes(db).select(['name', 'spec']).execute();
    const uses = (spec: string) =>
      (JSON.parse(spec) as Service['spec']).targets.some((target) => target.provider === providerId);
    return rows.filter((row) => uses(row.spec)).map((row) => row.name);
  },

  async insert(db: Db, service: Service): Promise<void> {
    await db
      .insertInto('routes')
      .values({ ...service, spec: JSON.stringify(service.spec), kind: 'model' })
      .execute();
  },

  /** Writes the given columns of route `id`. */
  async update(db: Db, id: string, changes: Partial<Omit<Service, 'id' | 'created_at'>>): Promise<void> {
    const { spec, ...rest } = changes;
    const columns = spec === undefined ? rest : { ...rest, spec: JSON.stringify(spec) };
    await db.updateTable('routes').set(columns).where('id', '=', id).where('kind', '=', 'model').execute();
  },

  /** Deletes the route; its subscriptions cascade, its limits are the caller's (limitRepository). */
  async remove(db: Db, id: string): Promise<void> {
    await db.deleteFrom('routes').where('id', '=', id).where('kind', '=', 'model').execute();
  },

  /** The service of either kind whose id or name is `idOrName` (subscriptions span both kinds). */
  findGoverned(db: Db, idOrName: string): Promise<GovernedService | undefined> {
    return db
      .selectFrom('routes')
      .select(governedColumns)
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
  },

  /** Whether any service (model route or HTTP service) is named `name`: names span both kinds. */
  async anyServiceNamed(db: Db, name: string): Promise<boolean> {
    const row = await db.selectFrom('routes').select('id').where('name', '=', name).executeTakeFirst();
    return row !== undefined;
  },
};
