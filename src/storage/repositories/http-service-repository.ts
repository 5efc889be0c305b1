import type { HttpServiceSpec } from '../../config/http-service-schema.js';
import type { JsonObject } from '../../core/chat.js';
import type { Selectable } from 'kysely';
import type { Lifecycle, RoutesTable, Visibility } from '../database-schema.js';
import type { Db, PageWindow } from './db.js';

/**
 * An HTTP (REST) service: a `routes` row of kind 'http' with its JSON columns decoded. `spec`
 * never holds `upstream_credential.value`: the value is sealed in `credential_sealed`.
 */
export type HttpService = Omit<RoutesTable, 'spec' | 'kind' | 'openapi' | 'release'> & {
  spec: HttpServiceSpec;
  openapi: JsonObject | null;
  /** The live release number (1 for a new service). */
  release: number;
};

/** Which HTTP services a page lists. */
export interface HttpServiceFilter {
  /** A tenant's own services and shared ones in `listedStates`; undefined: every service. */
  visibleTo: { tenantId: string; listedStates: readonly Lifecycle[] } | undefined;
  tenantId: string | undefined;
  lifecycle: Lifecycle | undefined;
  visibility: Visibility | undefined;
  /** Part of the name or description (case-insensitive where the dialect allows). */
  q: string | undefined;
}

function decode(row: Selectable<RoutesTable>): HttpService {
  return {
    id: row.id,
    name: row.name,
    tenant_id: row.tenant_id,
    visibility: row.visibility,
    lifecycle: row.lifecycle,
    requires_approval: row.requires_approval,
    log_bodies: row.log_bodies,
    description: row.description,
    credential_sealed: row.credential_sealed,
    spec: JSON.parse(row.spec) as HttpServiceSpec,
    openapi: row.openapi === null ? null : (JSON.parse(row.openapi) as JsonObject),
    release: row.release ?? 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function httpServices(db: Db) {
  return db.selectFrom('routes').selectAll().where('kind', '=', 'http');
}

function encode(changes: Partial<Omit<HttpService, 'id' | 'created_at'>>) {
  const { spec, openapi, ...rest } = changes;
  return {
    ...rest,
    ...(spec === undefined ? {} : { spec: JSON.stringify(spec) }),
    ...(openapi === undefined ? {} : { openapi: openapi === null ? null : JSON.stringify(openapi) }),
  };
}

/** The queries on HTTP services (routes of kind 'http'); model routes are serviceRepository's. */
export const httpServiceRepository = {
  async find(db: Db, id: string): Promise<HttpService | undefined> {
    const row = await httpServices(db).where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : decode(row);
  },

  async findByName(db: Db, name: string): Promise<HttpService | undefined> {
    const row = await httpServices(db).where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : decode(row);
  },

  /** One page of HTTP services by id. */
  async list(db: Db, filter: HttpServiceFilter, page: PageWindow): Promise<HttpService[]> {
    let query = httpServices(db);
    const visibleTo = filter.visibleTo;
    if (visibleTo !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb('tenant_id', '=', visibleTo.tenantId),
          eb.and([eb('visibility', '=', 'shared'), eb('lifecycle', 'in', [...visibleTo.listedStates])]),
        ]),
      );
    }
    if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
    if (filter.lifecycle !== undefined) query = query.where('lifecycle', '=', filter.lifecycle);
    if (filter.visibility !== undefined) query = query.where('visibility', '=', filter.visibility);
    const q = filter.q;
    if (q !== undefined && q !== '') {
      // LIKE wildcards in the search text are taken literally.
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

  /** Every HTTP service, oldest first (the order of an export and of the data plane's table). */
  async listAll(db: Db): Promise<HttpService[]> {
    const rows = await httpServices(db).orderBy('created_at').orderBy('name').execute();
    return rows.map(decode);
  },

  async insert(db: Db, service: HttpService): Promise<void> {
    await db
      .insertInto('routes')
      .values({
        ...service,
        spec: JSON.stringify(service.spec),
        openapi: service.openapi === null ? null : JSON.stringify(service.openapi),
        kind: 'http',
      })
      .execute();
  },

  /** Writes the given columns of HTTP service `id`. */
  async update(db: Db, id: string, changes: Partial<Omit<HttpService, 'id' | 'created_at'>>): Promise<void> {
    await db
      .updateTable('routes')
      .set(encode(changes))
      .where('id', '=', id)
      .where('kind', '=', 'http')
      .execute();
  },

  /** Deletes the service; its releases and subscriptions cascade, its limits are the caller's. */
  async remove(db: Db, id: string): Promise<void> {
    await db.deleteFrom('routes').where('id', '=', id).where('kind', '=', 'http').execute();
  },
};
