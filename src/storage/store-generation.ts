import { newEntityId } from './key-hasher.js';
import type { Store } from './open-store.js';

const key = 'generation';

/** The store's change marker: a new random value after every committed admin change. */
export async function readGeneration(store: Store): Promise<string> {
  const row = await store.db
    .selectFrom('store_meta')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value ?? '';
}

/**
 * Marks that governance data changed, so every node sharing this store reloads its snapshot
 * (each polls the marker once a second). A random value, not a counter: no read-modify-write.
 */
export async function bumpGeneration(store: Store): Promise<void> {
  const value = newEntityId('gen');
  await store.db
    .insertInto('store_meta')
    .values({ key, value })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
    .execute();
}
