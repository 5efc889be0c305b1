import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallLogWriter } from '../../../../src/telemetry/call-log/call-log-writer.js';
import { isErrorCall, type CallRecord } from '../../../../src/telemetry/call-log/call-record.js';
import { queryAnalytics, type AnalyticsRow } from '../../../../src/telemetry/call-log/query-analytics.js';
import { postgresReachable, storeTargets } from '../../../support/test-stores.js';
import {
  baseTime,
  countRows,
  dayMs,
  ignoreErrors,
  makeCall,
  openTestStore,
  type OpenedStore,
} from './call-log-fixture.js';

const pgUp = await postgresReachable();

/** A small deterministic generator, so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function pick<T>(values: readonly T[], next: () => number): T {
  const value = values[Math.floor(next() * values.length)];
  if (value === undefined) throw new Error('empty list');
  return value;
}

function makeCalls(count: number): CallRecord[] {
  const next = random(42);
  const calls: CallRecord[] = [];
  for (let index = 0; index < count; index++) {
    const failed = next() < 0.1;
    calls.push(
      makeCall({
        // Two days, spread over a few hours each.
        at: baseTime - (index % 2) * dayMs + Math.floor(next() * 3 * 3_600_000),
        tenantId: pick(['ten_1', 'ten_2', null], next),
        appId: pick(['app_1', 'app_2'], next),
        route: pick(['chat', 'embed'], next),
        provider: pick(['openai-main', 'anthropic'], next),
        model: pick(['m-small', 'm-large'], next),
        status: failed ? 502 : 200,
        errorCode: failed ? 'upstream_error' : null,
        latencyMs: Math.exp(next() * 8),
        inputTokens: Math.floor(next() * 1_000),
        outputTokens: Math.floor(next() * 500),
        cachedTokens: Math.floor(next() * 100),
        reasoningTokens: Math.floor(next() * 50),
        costUsd: next() / 100,
      }),
    );
  }
  return calls;
}

/** Nearest-rank percentile of the latencies as stored (whole milliseconds). */
function exactPercentile(calls: readonly CallRecord[], quantile: number): number {
  const sorted = calls.map((call) => Math.round(call.latencyMs)).sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(quantile * sorted.length) - 1)] ?? Number.NaN;
}

/** The histogram reports a bucket's geometric middle: within 2^(1/8) of the true value (1 ms for ≤ 1 ms). */
function expectWithinHistogramPrecision(estimate: number | null, exact: number): void {
  expect(estimate).not.toBeNull();
  const ratio = (estimate ?? 0) / Math.max(1, exact);
  expect(ratio).toBeGreaterThanOrEqual(2 ** (-1 / 8) - 1e-9);
  expect(ratio).toBeLessThanOrEqual(2 ** (1 / 8) + 1e-9);
}

const granularitySize = { minute: 60_000, hour: 3_600_000, day: dayMs } as const;

describe.each(storeTargets)('call-log rollups on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  let opened: OpenedStore;
  const calls = makeCalls(3_000);

  beforeAll(async () => {
    if (skip) return;
    opened = await openTestStore(target);
    // Small batches, so rollup rows are merged across many transactions.
    const writer = new CallLogWriter(opened.store, {
      maxBatch: 137,
      retentionIntervalMs: 0,
      onError: ignoreErrors,
    });
    for (const call of calls) writer.record(call);
    await writer.close();
    expect(writer.stats().batches).toBe(Math.ceil(3_000 / 137));
  });
  afterAll(async () => {
    if (!skip) await opened.close();
  });

  it.each(['minute', 'hour', 'day'] as const)(
    'the %s rollup matches the raw rows per tenant, app, route, provider and model',
    async (granularity) => {
      if (skip) return;
      expect(await countRows(opened.db)).toBe(calls.length);
      const size = granularitySize[granularity];
      const rows = await queryAnalytics(opened.store, {
        granularity,
        from: baseTime - 2 * dayMs,
        to: baseTime + dayMs,
        groupBy: ['tenant', 'app', 'route', 'provider', 'model'],
      });
      const expected = new Map<string, CallRecord[]>();
      for (const call of calls) {
        const key = JSON.stringify([
          Math.floor(call.at / size) * size,
          call.tenantId,
          call.appId,
          call.route,
          call.provider,
          call.model,
        ]);
        expected.set(key, [...(expected.get(key) ?? []), call]);
      }
      expect(rows).toHaveLength(expected.size);
      for (const row of rows) {
        const group = expected.get(
          JSON.stringify([
            row.bucketStart,
            row.group.tenant,
            row.group.app,
            row.group.route,
            row.group.provider,
            row.group.model,
          ]),
        );
        expect(group).toBeDefined();
        expectTotals(row, group ?? []);
      }
    },
  );

  it.skipIf(skip)('merges groups and buckets with p50, p95 and p99 within histogram precision', async () => {
    const days = await queryAnalytics(opened.store, {
      granularity: 'day',
      from: 0,
      to: baseTime + dayMs,
      groupBy: [],
    });
    expect(days.map((row) => row.group)).toEqual([{}, {}]);
    for (const row of days) {
      expectTotals(
        row,
        calls.filter((call) => call.at >= row.bucketStart && call.at < row.bucketStart + dayMs),
      );
    }
    const byModel = await queryAnalytics(opened.store, {
      granularity: 'hour',
      from: baseTime - 2 * dayMs,
      to: baseTime + dayMs,
      groupBy: ['model'],
    });
    expect(new Set(byModel.map((row) => row.group.model))).toEqual(new Set(['m-small', 'm-large']));
    expect(byModel.reduce((sum, row) => sum + row.requests, 0)).toBe(calls.length);
  });

  it.skipIf(skip)('restricts analytics to one tenant', async () => {
    const rows = await queryAnalytics(opened.store, {
      granularity: 'day',
      from: 0,
      to: baseTime + dayMs,
      groupBy: ['tenant'],
      tenantId: 'ten_2',
    });
    expect(rows.every((row) => row.group.tenant === 'ten_2')).toBe(true);
    expect(rows.reduce((sum, row) => sum + row.requests, 0)).toBe(
      calls.filter((call) => call.tenantId === 'ten_2').length,
    );
    expect(
      await queryAnalytics(opened.store, {
        granularity: 'day',
        from: 0,
        to: baseTime,
        groupBy: [],
        tenantId: 'nobody',
      }),
    ).toEqual([]);
  });
});

function expectTotals(row: AnalyticsRow, group: readonly CallRecord[]): void {
  const sum = (read: (call: CallRecord) => number): number =>
    group.reduce((total, call) => total + read(call), 0);
  expect(row.requests).toBe(group.length);
  expect(row.errors).toBe(group.filter((call) => isErrorCall(call)).length);
  expect(row.inputTokens).toBe(sum((call) => call.inputTokens));
  expect(row.outputTokens).toBe(sum((call) => call.outputTokens));
  expect(row.cachedTokens).toBe(sum((call) => call.cachedTokens));
  expect(row.reasoningTokens).toBe(sum((call) => call.reasoningTokens));
  expect(row.costUsd).toBeCloseTo(
    sum((call) => call.costUsd),
    9,
  );
  expect(row.latencyMean).toBeCloseTo(sum((call) => Math.round(call.latencyMs)) / group.length, 6);
  expectWithinHistogramPrecision(row.latencyP50, exactPercentile(group, 0.5));
  expectWithinHistogramPrecision(row.latencyP95, exactPercentile(group, 0.95));
  expectWithinHistogramPrecision(row.latencyP99, exactPercentile(group, 0.99));
}
