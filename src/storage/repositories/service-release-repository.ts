import type { HttpServiceSpec } from '../../config/http-service-schema.js';
import type { ServiceReleasesTable } from '../database-schema.js';
import type { Db } from './db.js';

/** One release of an HTTP service with its spec decoded. */
export type ServiceRelease = Omit<ServiceReleasesTable, 'spec'> & { spec: HttpServiceSpec };

function decode(row: ServiceReleasesTable): ServiceRelease {
  return { ...row, spec: JSON.parse(row.spec) as HttpServiceSpec };
}

/** The queries on service releases: written once, never changed (a rollback writes a new one). */
export const serviceReleaseRepository = {
  async find(db: Db, serviceId: string, number: number): Promise<ServiceRelease | undefined> {
    const row = await db
      .selectFrom('service_releases')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('number', '=', number)
      .executeTakeFirst();
    return row === undefined ? undefined : decode(row);
  },

  /** One page of a service's releases, newest first; `before` is the number to start below. */
  async list(
    db: Db,
    serviceId: string,
    page: { before: number | undefined; limit: number },
  ): Promise<ServiceRelease[]> {
    let query = db.selectFrom('service_releases').selectAll().where('service_id', '=', serviceId);
    if (page.before !== undefined) query = query.where('number', '<', page.before);
    const rows = await query.orderBy('number', 'desc').limit(page.limit).execute();
    return rows.map(decode);
  },

  /** The highest release number of the service; 0 when it has none. */
  async latestNumber(db: Db, serviceId: string): Promise<number> {
    const row = await db
      .selectFrom('service_releases')
      .select((eb) => eb.fn.max('number').as('latest'))
      .where('service_id', '=', serviceId)
      .executeTakeFirst();
    return Number(row?.latest ?? 0);
  },

  async insert(db: Db, release: ServiceRelease): Promise<void> {
    await db
      .insertInto('service_releases')
      .values({ ...release, spec: JSON.stringify(release.spec) })
      .execute();
  },
};
