import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GovernanceRuntime } from '../../../src/governance/governance-runtime.js';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import { RouteTable } from '../../../src/routing/route-table.js';
import { openStore, type Store } from '../../../src/storage/open-store.js';
import { SecretBox } from '../../../src/storage/secret-box.js';
import { createLogger } from '../../../src/telemetry/create-logger.js';

const now = Date.now();

describe('the governance snapshot reload', () => {
  let store: Store;
  let routes: RouteTable;
  let runtime: GovernanceRuntime;

  beforeAll(async () => {
    store = await openStore(':memory:');
    await store.db
      .insertInto('providers')
      .values({
        id: 'p',
        type: 'ollama',
        spec: '{}',
        secrets: null,
        secret_refs: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await store.db
      .insertInto('routes')
      .values({
        id: 'rte_1',
        name: 'm',
        spec: JSON.stringify({ targets: [{ provider: 'p', model: 'llama3.2' }] }),
        tenant_id: null,
        visibility: 'shared',
        lifecycle: 'published',
        requires_approval: 0,
        log_bodies: 0,
        description: '',
        created_at: now,
        updated_at: now,
      })
      .execute();
    routes = new RouteTable([], new Map(), false);
    runtime = new GovernanceRuntime(
      store,
      new SecretBox(Buffer.alloc(32, 1)),
      routes,
      new PolicyEngine(),
      createLogger('silent'),
    );
    await runtime.start();
  });
  afterAll(() => store.close());

  it('keeps route state (breakers, counters) when something other than providers or routes changed', async () => {
    const before = routes.resolve('m');
    await store.db
      .insertInto('tenants')
      .values({ id: 'ten_1', name: 'team', display_name: 'Team', created_at: now, updated_at: now })
      .execute();
    await runtime.reload();
    expect(routes.resolve('m')).toBe(before);
  });

  it('rebuilds the routes when a route changed', async () => {
    const before = routes.resolve('m');
    await store.db
      .updateTable('routes')
      .set({ spec: JSON.stringify({ targets: [{ provider: 'p', model: 'qwen3' }] }) })
      .where('id', '=', 'rte_1')
      .execute();
    await runtime.reload();
    const after = routes.resolve('m');
    expect(after).not.toBe(before);
    expect(after.targets[0]?.model).toBe('qwen3');
  });
});
