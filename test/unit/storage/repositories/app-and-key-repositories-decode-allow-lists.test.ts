import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../../src/storage/open-store.js';
import { appRepository, type App } from '../../../../src/storage/repositories/app-repository.js';
import { keyRepository, type ApiKey } from '../../../../src/storage/repositories/key-repository.js';
import { tenantRepository } from '../../../../src/storage/repositories/tenant-repository.js';

const tenant = { id: 'ten_1', name: 'team-a', display_name: 'Team A', created_at: 1, updated_at: 1 };
const app: App = {
  id: 'app_1',
  tenant_id: 'ten_1',
  name: 'bot',
  description: '',
  allowed_models: ['gpt-4o'],
  created_at: 1,
  updated_at: 1,
};
const key: ApiKey = {
  id: 'key_1',
  tenant_id: 'ten_1',
  app_id: 'app_1',
  name: 'main',
  prefix: 'pk-abc',
  key_hash: 'hash-1',
  expires_at: null,
  revoked_at: null,
  rotated_to: null,
  allowed_models: null,
  last_used_at: null,
  created_at: 1,
};

describe('app and key repositories', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
    await tenantRepository.insert(store.db, tenant);
    await appRepository.insert(store.db, app);
    await keyRepository.insert(store.db, key);
  });
  afterEach(() => store.close());

  it('stores allow-lists as JSON text and reads them back decoded', async () => {
    const raw = await store.db.selectFrom('apps').select('allowed_models').executeTakeFirstOrThrow();
    expect(raw.allowed_models).toBe('["gpt-4o"]');
    expect(await appRepository.find(store.db, 'app_1')).toEqual(app);
    expect(await appRepository.findByName(store.db, 'ten_1', 'bot')).toEqual(app);
    expect(await keyRepository.findByHash(store.db, 'hash-1')).toEqual(key);
  });

  it('reads a malformed allow-list as an empty one (deny), never as no restriction', async () => {
    await store.db.updateTable('api_keys').set({ allowed_models: '{"not":"a list"}' }).execute();
    expect((await keyRepository.find(store.db, 'key_1'))?.allowed_models).toEqual([]);
  });

  it('updates only the key fields it is given and lifts a list with null', async () => {
    await keyRepository.update(store.db, 'key_1', { allowed_models: ['a', 'b'] });
    expect(await keyRepository.find(store.db, 'key_1')).toEqual({ ...key, allowed_models: ['a', 'b'] });
    await keyRepository.update(store.db, 'key_1', { name: 'renamed' });
    expect((await keyRepository.find(store.db, 'key_1'))?.allowed_models).toEqual(['a', 'b']);
    await appRepository.update(store.db, 'app_1', { ...app, allowed_models: null, updated_at: 2 });
    expect(await appRepository.find(store.db, 'app_1')).toEqual({
      ...app,
      allowed_models: null,
      updated_at: 2,
    });
  });

  it('lets one rotation of a live key win and refuses the second', async () => {
    expect(await keyRepository.markRotated(store.db, 'key_1', 'key_2', 10)).toBe(true);
    expect(await keyRepository.markRotated(store.db, 'key_1', 'key_3', 10)).toBe(false);
    expect(await keyRepository.find(store.db, 'key_1')).toMatchObject({
      rotated_to: 'key_2',
      expires_at: 10,
    });
  });

  it('finds a live key by name only while it is not revoked', async () => {
    expect((await keyRepository.findLiveByName(store.db, 'app_1', 'main'))?.id).toBe('key_1');
    await keyRepository.revoke(store.db, 'key_1', 5);
    expect(await keyRepository.findLiveByName(store.db, 'app_1', 'main')).toBeUndefined();
  });

  it('pages apps and keys by id after a cursor', async () => {
    await appRepository.insert(store.db, { ...app, id: 'app_2', name: 'other' });
    const first = await appRepository.listByTenant(store.db, 'ten_1', { after: undefined, limit: 1 });
    expect(first.map((row) => row.id)).toEqual(['app_1']);
    const next = await appRepository.listByTenant(store.db, 'ten_1', { after: 'app_1', limit: 5 });
    expect(next.map((row) => row.id)).toEqual(['app_2']);
    expect(await keyRepository.listByApp(store.db, 'app_1', { after: undefined, limit: 5 })).toEqual([key]);
  });

  it("deletes an app with its keys and the limits and budgets of both, not another app's", async () => {
    const limit = {
      tenant_id: 'ten_1',
      requests_per_minute: 1,
      tokens_per_minute: null,
      concurrent: null,
      created_at: 1,
      updated_at: 1,
    };
    await store.db
      .insertInto('rate_limits')
      .values([
        { id: 'lim_1', scope: 'app', scope_id: 'app_1', ...limit },
        { id: 'lim_2', scope: 'key', scope_id: 'key_1', ...limit },
        { id: 'lim_3', scope: 'app', scope_id: 'app_9', ...limit },
      ])
      .execute();
    await appRepository.remove(store.db, 'app_1');
    expect(await keyRepository.find(store.db, 'key_1')).toBeUndefined();
    const left = await store.db.selectFrom('rate_limits').select('id').execute();
    expect(left.map((row) => row.id)).toEqual(['lim_3']);
  });
});
