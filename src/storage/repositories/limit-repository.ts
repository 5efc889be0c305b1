import type { PolicyScope, RateLimitsTable } from '../database-schema.js';
import type { Db } from './db.js';

/** The queries on rate limits: at most one row per key, app, tenant or route. */
export const limitRepository = {
  /** The limits of one key, app, tenant or route; undefined when it has none. */
  find(db: Db, scope: PolicyScope, scopeId: string): Promise<RateLimitsTable | undefined> {
    return db
      .selectFrom('rate_limits')
      .selectAll()
      .where('scope', '=', scope)
      .where('scope_id', '=', scopeId)
      .executeTakeFirst();
  },

  listAll(db: Db): Promise<RateLimitsTable[]> {
    return db.selectFrom('rate_limits').selectAll().execute();
  },

  async insert(db: Db, limit: RateLimitsTable): Promise<void> {
    await db.insertInto('rate_limits').values(limit).execute();
  },

  /** Writes the given columns of the row `id`. */
  async update(db: Db, id: string, changes: Partial<Omit<RateLimitsTable, 'id'>>): Promise<void> {
    await db.updateTable('rate_limits').set(changes).where('id', '=', id).execute();
  },

  async remove(db: Db, id: string): Promise<void> {
    await db.deleteFrom('rate_limits').where('id', '=', id).execute();
  },

  /** Removes the limits of one key, app, tenant or route, if it has any. */
  async removeOf(db: Db, scope: PolicyScope, scopeId: string): Promise<void> {
    await db.deleteFrom('rate_limits').where('scope', '=', scope).where('scope_id', '=', scopeId).execute();
  },
};
