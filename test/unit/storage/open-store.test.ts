import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/storage/open-store.js';
import { migrateStore } from '../../../src/storage/migrate-store.js';
import type { Kysely } from 'kysely';
import { postgresReachable, storeTargets } from '../../support/test-stores.js';

const pgUp = await postgresReachable();

describe.each(storeTargets)('store on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    if (skip) return;
    const created = await target.create();
    drop = () => created.drop();
    store = await openStore(created.url);
  });
  afterAll(async () => {
    if (skip) return;
    await store.close();
    await drop();
  });

  it.skipIf(skip)('migrates to the latest schema, and a second run changes nothing', async () => {
    expect(await migrateStore(store.db as Kysely<unknown>, store.dialect)).toEqual([]);
    await store.db
      .insertInto('tenants')
      .values({ id: 'ten_1', name: 'team-a', display_name: 'Team A', created_at: Date.now(), updated_at: 1 })
      .execute();
    const row = await store.db.selectFrom('tenants').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id: 'ten_1', name: 'team-a', updated_at: 1 });
    expect(typeof row.created_at).toBe('number');
  });

  it.skipIf(skip)('refuses a duplicate tenant name', async () => {
    await expect(
      store.db
        .insertInto('tenants')
        .values({ id: 'ten_2', name: 'team-a', display_name: 'dup', created_at: 1, updated_at: 1 })
        .execute(),
    ).rejects.toThrow();
  });
});
