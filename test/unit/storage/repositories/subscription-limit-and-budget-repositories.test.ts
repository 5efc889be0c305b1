import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SubscriptionsTable } from '../../../../src/storage/database-schema.js';
import { openStore, type Store } from '../../../../src/storage/open-store.js';
import { budgetRepository } from '../../../../src/storage/repositories/budget-repository.js';
import { limitRepository } from '../../../../src/storage/repositories/limit-repository.js';
import { serviceRepository } from '../../../../src/storage/repositories/service-repository.js';
import { subscriptionRepository } from '../../../../src/storage/repositories/subscription-repository.js';
import { tenantRepository } from '../../../../src/storage/repositories/tenant-repository.js';

const now = 1_700_000_000_000;

async function seed(store: Store): Promise<void> {
  for (const id of ['ten_a', 'ten_b'])
    await tenantRepository.insert(store.db, {
      id,
      name: id,
      display_name: id,
      created_at: now,
      updated_at: now,
    });
  await store.db
    .insertInto('apps')
    .values({
      id: 'app_1',
      tenant_id: 'ten_b',
      name: 'bot',
      description: '',
      allowed_models: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const [id, tenantId] of [
    ['rte_a', 'ten_a'],
    ['rte_p', null],
  ] as const) {
    await serviceRepository.insert(store.db, {
      id,
      name: `route-${id}`,
      spec: { targets: [{ provider: 'p', model: 'm' }] },
      tenant_id: tenantId,
      visibility: 'shared',
      lifecycle: 'published',
      requires_approval: 1,
      log_bodies: 0,
      description: '',
      created_at: now,
      updated_at: now,
    });
  }
}

function subscription(id: string, routeId: string, status: SubscriptionsTable['status']): SubscriptionsTable {
  const decided = status !== 'pending';
  return {
    id,
    tenant_id: 'ten_b',
    app_id: 'app_1',
    route_id: routeId,
    status,
    reason: null,
    decided_by: decided ? 'system' : null,
    decided_at: decided ? now : null,
    created_at: now,
    updated_at: now,
  };
}

describe('subscription, limit and budget repositories', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
    await seed(store);
  });
  afterEach(() => store.close());

  it('lists subscriptions with their route name, filtered by app, route owner and status', async () => {
    await subscriptionRepository.insert(store.db, subscription('sub_1', 'rte_a', 'pending'));
    await subscriptionRepository.insert(store.db, subscription('sub_2', 'rte_p', 'approved'));
    const page = { after: undefined, limit: 10 };
    const queue = await subscriptionRepository.list(store.db, { routeTenantId: 'ten_a' }, page);
    expect(queue).toEqual([{ ...subscription('sub_1', 'rte_a', 'pending'), route_name: 'route-rte_a' }]);
    const approved = await subscriptionRepository.list(
      store.db,
      { appId: 'app_1', status: 'approved' },
      page,
    );
    expect(approved.map((row) => row.id)).toEqual(['sub_2']);
    const afterFirst = await subscriptionRepository.list(store.db, {}, { after: 'sub_1', limit: 10 });
    expect(afterFirst.map((row) => row.id)).toEqual(['sub_2']);
    expect(await subscriptionRepository.listApproved(store.db)).toEqual([
      { app_id: 'app_1', name: 'route-rte_p' },
    ]);
  });

  it('finds a subscription by app and route and updates only the given columns', async () => {
    await subscriptionRepository.insert(store.db, subscription('sub_1', 'rte_a', 'pending'));
    await subscriptionRepository.update(store.db, 'sub_1', {
      status: 'rejected',
      reason: 'no',
      updated_at: now + 1,
    });
    expect(await subscriptionRepository.findOf(store.db, 'app_1', 'rte_a')).toEqual({
      ...subscription('sub_1', 'rte_a', 'pending'),
      status: 'rejected',
      reason: 'no',
      updated_at: now + 1,
    });
    expect(await subscriptionRepository.find(store.db, 'sub_9')).toBeUndefined();
  });

  it('keeps one limits row per scope, updates it in place and removes it by owner', async () => {
    const row = {
      id: 'lim_1',
      scope: 'route' as const,
      scope_id: 'rte_a',
      tenant_id: 'ten_a',
      requests_per_second: null,
      requests_per_minute: 10,
      tokens_per_minute: null,
      concurrent: null,
      requests_per_day: 1_000,
      requests_per_month: null,
      created_at: now,
      updated_at: now,
    };
    await limitRepository.insert(store.db, row);
    await limitRepository.update(store.db, 'lim_1', { concurrent: 2, updated_at: now + 1 });
    expect(await limitRepository.find(store.db, 'route', 'rte_a')).toEqual({
      ...row,
      concurrent: 2,
      updated_at: now + 1,
    });
    expect(await limitRepository.listAll(store.db)).toHaveLength(1);
    await limitRepository.removeOf(store.db, 'route', 'rte_a');
    expect(await limitRepository.find(store.db, 'route', 'rte_a')).toBeUndefined();
  });

  it("finds a budget by owner and period, and reads the owner's spend in one window", async () => {
    const key = { scope: 'tenant' as const, scopeId: 'ten_b', period: 'day' as const };
    const row = {
      id: 'bud_1',
      scope: key.scope,
      scope_id: key.scopeId,
      tenant_id: 'ten_b',
      period: key.period,
      limit_usd: 5,
      soft_ratio: 0.8,
      webhook_url: null,
      created_at: now,
      updated_at: now,
    };
    await budgetRepository.insert(store.db, row);
    await budgetRepository.update(store.db, 'bud_1', { limit_usd: 7 });
    expect(await budgetRepository.find(store.db, key)).toEqual({ ...row, limit_usd: 7 });
    expect(await budgetRepository.find(store.db, { ...key, period: 'week' })).toBeUndefined();
    await store.db
      .insertInto('spend')
      .values({
        ...{ scope: 'tenant', scope_id: 'ten_b', period: 'day' },
        period_start: now,
        spent_usd: 1.25,
        alerted_at: null,
        updated_at: now,
      })
      .execute();
    expect(await budgetRepository.spentInWindow(store.db, key, now)).toBe(1.25);
    expect(await budgetRepository.spentInWindow(store.db, key, now + 86_400_000)).toBe(0);
    await budgetRepository.remove(store.db, 'bud_1');
    expect(await budgetRepository.listAll(store.db)).toEqual([]);
  });
});
