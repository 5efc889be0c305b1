import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../../src/storage/open-store.js';
import {
  providerRepository,
  type Provider,
} from '../../../../src/storage/repositories/provider-repository.js';
import { serviceRepository, type Service } from '../../../../src/storage/repositories/service-repository.js';
import { tenantRepository } from '../../../../src/storage/repositories/tenant-repository.js';

const now = 1_700_000_000_000;

function service(id: string, name: string, overrides: Partial<Service> = {}): Service {
  return {
    id,
    name,
    spec: { targets: [{ provider: 'openai-main', model: 'gpt-4o' }] },
    tenant_id: null,
    visibility: 'shared',
    lifecycle: 'published',
    requires_approval: 0,
    log_bodies: 0,
    description: '',
    created_at: now,
    updated_at: now,
    ...overrides,
  };
}

const provider: Provider = {
  id: 'openai-main',
  type: 'openai',
  spec: { base_url: 'https://api.openai.com/v1', headers: { 'x-team': 'a' } },
  secrets: 'sealed-text',
  secret_refs: { api_key: 'env:OPENAI_API_KEY' },
  created_at: now,
  updated_at: now,
};

describe('service and provider repositories', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
    await tenantRepository.insert(store.db, {
      id: 'ten_a',
      name: 'team-a',
      display_name: 'Team A',
      created_at: now,
      updated_at: now,
    });
  });
  afterEach(() => store.close());

  it('stores a route spec as JSON and answers it decoded, also after an update', async () => {
    await serviceRepository.insert(store.db, service('rte_1', 'gpt-4o'));
    const raw = await store.db
      .selectFrom('routes')
      .select('spec')
      .where('id', '=', 'rte_1')
      .executeTakeFirst();
    expect(raw?.spec).toBe('{"targets":[{"provider":"openai-main","model":"gpt-4o"}]}');
    expect((await serviceRepository.findByName(store.db, 'gpt-4o'))?.spec.targets[0]?.model).toBe('gpt-4o');

    const spec = { targets: [{ provider: 'other', model: 'mini' }] };
    await serviceRepository.update(store.db, 'rte_1', { spec, description: 'changed', updated_at: now + 1 });
    const after = await serviceRepository.findByIdOrName(store.db, 'rte_1');
    expect(after).toMatchObject({ spec, description: 'changed', updated_at: now + 1, created_at: now });
    expect(await serviceRepository.listNamesUsingProvider(store.db, 'other')).toEqual(['gpt-4o']);
    expect(await serviceRepository.listNamesUsingProvider(store.db, 'openai-main')).toEqual([]);
  });

  it('lists a tenant its own routes and shared listed ones, by id from the cursor', async () => {
    await serviceRepository.insert(store.db, service('rte_1', 'shared-live'));
    await serviceRepository.insert(store.db, service('rte_2', 'shared-draft', { lifecycle: 'draft' }));
    await serviceRepository.insert(
      store.db,
      service('rte_3', 'team-a/own-draft', { tenant_id: 'ten_a', visibility: 'private', lifecycle: 'draft' }),
    );
    const visibleTo = { tenantId: 'ten_a', listedStates: ['published', 'deprecated'] as const };
    const names = async (after: string | undefined) =>
      (await serviceRepository.list(store.db, { visibleTo, lifecycle: undefined }, { after, limit: 10 })).map(
        (row) => row.name,
      );
    expect(await names(undefined)).toEqual(['shared-live', 'team-a/own-draft']);
    expect(await names('rte_1')).toEqual(['team-a/own-draft']);
    const drafts = await serviceRepository.list(
      store.db,
      { visibleTo: undefined, lifecycle: 'draft' },
      { after: undefined, limit: 10 },
    );
    expect(drafts.map((row) => row.id)).toEqual(['rte_2', 'rte_3']);
    await serviceRepository.remove(store.db, 'rte_2');
    expect(await serviceRepository.listNames(store.db)).toHaveLength(2);
  });

  it('stores provider spec and secret references as JSON and answers them decoded', async () => {
    await providerRepository.insert(store.db, provider);
    const raw = await store.db.selectFrom('providers').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(raw.spec)).toEqual(provider.spec);
    expect(JSON.parse(raw.secret_refs)).toEqual(provider.secret_refs);
    expect(await providerRepository.find(store.db, 'openai-main')).toEqual(provider);

    await providerRepository.update(store.db, 'openai-main', { secret_refs: {}, updated_at: now + 5 });
    expect(await providerRepository.find(store.db, 'openai-main')).toEqual({
      ...provider,
      secret_refs: {},
      updated_at: now + 5,
    });
    expect(await providerRepository.exists(store.db, 'openai-main')).toBe(true);
    expect(await providerRepository.existingIds(store.db, ['openai-main', 'missing'])).toEqual(
      new Set(['openai-main']),
    );
    expect(await providerRepository.existingIds(store.db, [])).toEqual(new Set());
  });

  it('pages providers by id and lists all of them oldest first', async () => {
    await providerRepository.insert(store.db, { ...provider, id: 'b', created_at: now });
    await providerRepository.insert(store.db, { ...provider, id: 'a', created_at: now + 1 });
    const page = await providerRepository.list(store.db, { after: 'a', limit: 5 });
    expect(page.map((row) => row.id)).toEqual(['b']);
    expect((await providerRepository.listAll(store.db)).map((row) => row.id)).toEqual(['b', 'a']);
    await providerRepository.remove(store.db, 'a');
    expect(await providerRepository.find(store.db, 'a')).toBeUndefined();
  });
});
