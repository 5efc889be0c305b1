import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appByNameKey } from '../../../src/governance/governance-snapshot.js';
import { loadGovernance } from '../../../src/governance/load-governance.js';
import { openStore, type Store } from '../../../src/storage/open-store.js';
import { SecretBox } from '../../../src/storage/secret-box.js';

describe('the apps view of the governance snapshot', () => {
  let store: Store;

  beforeAll(async () => {
    store = await openStore(':memory:');
    const now = Date.now();
    await store.db
      .insertInto('tenants')
      .values({ id: 'ten_1', name: 'acme', display_name: 'Acme', created_at: now, updated_at: now })
      .execute();
    await store.db
      .insertInto('apps')
      .values([
        {
          id: 'app_1',
          tenant_id: 'ten_1',
          name: 'billing',
          description: '',
          allowed_models: null,
          created_at: now,
          updated_at: now,
        },
        {
          id: 'app_2',
          tenant_id: 'ten_1',
          name: 'shop',
          description: '',
          allowed_models: '["gpt-4o"]',
          created_at: now,
          updated_at: now,
        },
      ])
      .execute();
  });
  afterAll(() => store.close());

  it('lists every app by id and by tenant and name, with its allow-list when it has one', async () => {
    const { snapshot } = await loadGovernance(store, new SecretBox(Buffer.alloc(32, 1)), Date.now());
    expect(snapshot.appsById.get('app_1')).toEqual({ id: 'app_1', name: 'billing', tenantId: 'ten_1' });
    expect(snapshot.appsByTenantAndName.get(appByNameKey('ten_1', 'shop'))).toEqual({
      id: 'app_2',
      name: 'shop',
      tenantId: 'ten_1',
      allowedModels: new Set(['gpt-4o']),
    });
  });
});
