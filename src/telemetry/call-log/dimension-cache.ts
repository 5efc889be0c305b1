import type { Kysely } from 'kysely';
import type { CallLogTables, DimensionKind } from './call-log-tables.js';

/** Largest number of ids kept in memory; past it the cache restarts empty (ids are stable in the store). */
const maxCachedDimensions = 100_000;

function cacheKey(kind: DimensionKind, value: string): string {
  return `${kind}\u0000${value}`;
}

/**
 * Interned call-log strings (route, model, key prefix, ...) → small integer ids. New strings are
 * inserted inside the batch's transaction; their ids enter the cache only after it commits, so a
 * rolled-back batch never leaves ids the store does not have.
 */
export class DimensionCache {
  readonly #ids = new Map<string, number>();

  get(kind: DimensionKind, value: string): number | undefined {
    return this.#ids.get(cacheKey(kind, value));
  }

  /** Ids for every pair (inserting unknown ones); returns the pairs that were not cached, to commit later. */
  async intern(
    db: Kysely<CallLogTables>,
    wanted: ReadonlyMap<DimensionKind, ReadonlySet<string>>,
    chunkSize: number,
  ): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (const [kind, values] of wanted) {
      const missing = [...values].filter((value) => !this.#ids.has(cacheKey(kind, value)));
      for (let start = 0; start < missing.length; start += chunkSize) {
        const chunk = missing.slice(start, start + chunkSize);
        await db
          .insertInto('call_dims')
          .values(chunk.map((value) => ({ kind, value })))
          .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
          .execute();
        const rows = await db
          .selectFrom('call_dims')
          .select(['id', 'value'])
          .where('kind', '=', kind)
          .where('value', 'in', chunk)
          .execute();
        for (const row of rows) found.set(cacheKey(kind, row.value), row.id);
      }
    }
    return found;
  }

  lookup(pending: ReadonlyMap<string, number>, kind: DimensionKind, value: string): number {
    const key = cacheKey(kind, value);
    const id = this.#ids.get(key) ?? pending.get(key);
    if (id === undefined) throw new Error(`call log: dimension ${kind}="${value}" was not interned`);
    return id;
  }

  commit(pending: ReadonlyMap<string, number>): void {
    if (this.#ids.size + pending.size > maxCachedDimensions) this.#ids.clear();
    for (const [key, id] of pending) this.#ids.set(key, id);
  }
}

/** The id of one dimension value, or undefined when it was never recorded (queries use it to short-cut). */
export async function findDimensionId(
  db: Kysely<CallLogTables>,
  kind: DimensionKind,
  value: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('call_dims')
    .select('id')
    .where('kind', '=', kind)
    .where('value', '=', value)
    .executeTakeFirst();
  return row?.id;
}

/** Values of the given dimension ids. */
export async function resolveDimensions(
  db: Kysely<CallLogTables>,
  ids: Iterable<number>,
): Promise<Map<number, string>> {
  const unique = [...new Set(ids)].filter((id) => id > 0);
  const values = new Map<number, string>();
  for (let start = 0; start < unique.length; start += 5_000) {
    const rows = await db
      .selectFrom('call_dims')
      .select(['id', 'value'])
      .where('id', 'in', unique.slice(start, start + 5_000))
      .execute();
    for (const row of rows) values.set(row.id, row.value);
  }
  return values;
}
