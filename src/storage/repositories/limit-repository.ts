import type { PolicyScope, RateLimitsTable } from '../database-schema.js';
import type { Db } from './db.js';

/** The rate limits of one key, app, tenant or route; undefined when it has none. */
export async function findLimit(db: Db, scope: PolicyScope, scopeId: string): Promise<RateLimitsTable | undefined> {
  return db
    .selectFrom('rate_limits')
    .selectAll()
    .where('scope', '=', scope)
    .where('scope_id', '=', scopeId)
    .executeTakeFirst();
}

export async function listLimits(db: Db): Promise<RateLimitsTable[]> {
  return db.selectFrom('rate_limits').selectAll().execute();
}

export async function insertLimit(db: Db, limit: RateLimitsTable): Promise<void> {
  await db.insertInto('rate_limits').values(limit).execute();
}

/** Writes the given columns of the limits row `id`. */
export async function updateLimit(
  db: Db,
  id: string,
  changes: Partial<Omit<RateLimitsTable, 'id'>>,
): Promise<void> {
  await db.updateTable('rate_limits').set(changes).where('id', '=', id).execute();
}

export async function deleteLimit(db: Db, id: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('id', '=', id).execute();
}

/** Removes the limits of one key, app, tenant or route, if it has any. */
export async function deleteLimitOf(db: Db, scope: PolicyScope, scopeId: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('scope', '=', scope).where('scope_id', '=', scopeId).execute();
}
