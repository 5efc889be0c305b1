import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import { openStore, type Store } from '../../../src/storage/open-store.js';
import { QuotaUsageWriter } from '../../../src/storage/quota-usage-writer.js';
import { quotaUsageRepository } from '../../../src/storage/repositories/quota-usage-repository.js';
import { catchGatewayError } from '../../support/catch-gateway-error.js';
import { postgresReachable, storeTargets } from '../../support/test-stores.js';

const pgUp = await postgresReachable();
const nowMs = Date.UTC(2026, 11, 7, 15);
const request = { keyId: 'k1', routeId: 'r1', estimatedTokens: 1, maxCostUsd: 0 };
const rules = {
  limits: [
    { scope: 'key' as const, scopeId: 'k1', requestsPerDay: 5, requestsPerMonth: 100 },
    { scope: 'route' as const, scopeId: 'r1', requestsPerDay: 1_000 },
  ],
  budgets: [],
};

describe.each(storeTargets)('quota usage on $name', (target) => {
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

  it.skipIf(skip)('is written by one engine and seeds the next, which keeps counting exactly', async () => {
    const writer = new QuotaUsageWriter(store, (error) => {
      throw error;
    });
    const first = new PolicyEngine({ quotaSink: writer });
    first.setRules(rules);
    for (let index = 0; index < 3; index++) first.admit(request, nowMs);
    first.close(); // flushes
    await writer.close();
    // Yesterday's window is kept in the table but never seeded today.
    await store.db
      .insertInto('quota_usage')
      .values({
        scope: 'key',
        scope_id: 'k1',
        period: 'day',
        period_start: Date.UTC(2026, 11, 6),
        requests: 99,
        updated_at: 1,
      })
      .execute();

    const rows = await quotaUsageRepository.listRecent(store.db, nowMs);
    expect(
      rows.sort((a, b) =>
        `${a.scope}${a.period}${a.periodStart}`.localeCompare(`${b.scope}${b.period}${b.periodStart}`),
      ),
    ).toEqual([
      { scope: 'key', scopeId: 'k1', period: 'day', periodStart: Date.UTC(2026, 11, 6), requests: 99 },
      { scope: 'key', scopeId: 'k1', period: 'day', periodStart: Date.UTC(2026, 11, 7), requests: 3 },
      { scope: 'key', scopeId: 'k1', period: 'month', periodStart: Date.UTC(2026, 11, 1), requests: 3 },
      { scope: 'route', scopeId: 'r1', period: 'day', periodStart: Date.UTC(2026, 11, 7), requests: 3 },
    ]);

    const second = new PolicyEngine();
    second.setRules(rules);
    second.loadQuotaUsage(rows, nowMs);
    second.loadQuotaUsage(rows, nowMs); // seeding again never counts twice
    const admitted = second.admit(request, nowMs);
    expect(admitted.quotaDay).toMatchObject({ limit: 5, remaining: 1 });
    expect(admitted.quotaMonth).toMatchObject({ limit: 100, remaining: 96 });
    second.admit(request, nowMs);
    expect(catchGatewayError(() => second.admit(request, nowMs)).code).toBe('quota_exceeded');
    // The next day starts from zero: yesterday's rows are not today's window.
    const tomorrow = new PolicyEngine();
    tomorrow.setRules(rules);
    tomorrow.loadQuotaUsage(rows, Date.UTC(2026, 11, 8, 1));
    expect(tomorrow.admit(request, Date.UTC(2026, 11, 8, 1)).quotaDay?.remaining).toBe(4);
  });

  it.skipIf(skip)('adds what several writers record into one row per window', async () => {
    const writers = [0, 1].map(
      () =>
        new QuotaUsageWriter(store, (error) => {
          throw error;
        }),
    );
    const periodStart = Date.UTC(2026, 11, 1);
    for (const writer of writers) {
      writer.record([{ scope: 'app', scopeId: 'a9', period: 'month', periodStart, requests: 7 }]);
      writer.record([{ scope: 'app', scopeId: 'a9', period: 'month', periodStart, requests: 1 }]);
    }
    await Promise.all(writers.map((writer) => writer.close()));
    const row = await store.db
      .selectFrom('quota_usage')
      .select('requests')
      .where('scope_id', '=', 'a9')
      .executeTakeFirstOrThrow();
    expect(row.requests).toBe(16);
  });
});
