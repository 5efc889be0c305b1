import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallLogWriter } from '../../../../src/telemetry/call-log/call-log-writer.js';
import type { CallRecord } from '../../../../src/telemetry/call-log/call-record.js';
import { findCall, queryCalls, type CallQuery } from '../../../../src/telemetry/call-log/query-calls.js';
import { postgresReachable, storeTargets } from '../../../support/test-stores.js';
import {
  baseTime,
  dayMs,
  ignoreErrors,
  makeCall,
  openTestStore,
  type OpenedStore,
} from './call-log-fixture.js';

const pgUp = await postgresReachable();

/** 60 calls over three days, three of them sharing each start time (cursor tie-breaks). */
function makeCalls(): CallRecord[] {
  const calls: CallRecord[] = [];
  for (let index = 0; index < 60; index++) {
    calls.push(
      makeCall({
        at: baseTime - (index % 3) * dayMs + Math.floor(index / 3) * 1_000,
        tenantId: index % 2 === 0 ? 'ten_even' : 'ten_odd',
        appId: `app_${index % 4}`,
        keyId: `key_${index % 5}`,
        route: index % 3 === 0 ? 'chat' : 'embed',
        provider: index % 2 === 0 ? 'openai-main' : 'anthropic',
        model: `model-${index % 6}`,
        status: index % 10 === 0 ? 429 : 200,
        errorCode: index % 10 === 0 ? 'rate_limited' : null,
        ttftMs: index % 2 === 0 ? 12.4 : null,
        stream: index % 2 === 0,
      }),
    );
  }
  return calls;
}

function newestFirst(calls: readonly CallRecord[]): string[] {
  // Ties on the start time: the later-written row (higher id) comes first.
  return calls
    .map((call, index) => ({ call, index }))
    .sort((a, b) => b.call.at - a.call.at || b.index - a.index)
    .map(({ call }) => call.requestId);
}

describe.each(storeTargets)('call-log queries on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  let opened: OpenedStore;
  const calls = makeCalls();
  const tied = calls
    .slice(0, 3)
    .map((call) => ({ ...call, requestId: `${call.requestId}_tie`, at: baseTime }));
  const withBodies = makeCall({
    at: baseTime - 2 * dayMs + 500,
    tenantId: 'ten_even',
    bodies: {
      request: JSON.stringify({
        messages: [{ role: 'user', content: `mail bob@example.com ${'x'.repeat(200)}` }],
      }),
      response: 'Authorization: Bearer abcdefghijklmnop',
    },
  });
  const all = [...calls, ...tied, withBodies];

  beforeAll(async () => {
    if (skip) return;
    opened = await openTestStore(target);
    const writer = new CallLogWriter(opened.store, {
      maxBatch: 25,
      bodyCapBytes: 64,
      retentionIntervalMs: 0,
      onError: ignoreErrors,
    });
    for (const call of all) writer.record(call);
    await writer.close();
  });
  afterAll(async () => {
    if (!skip) await opened.close();
  });

  async function allPages(query: Omit<CallQuery, 'cursor'>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await queryCalls(opened.store, cursor === undefined ? query : { ...query, cursor });
      expect(result.items.length).toBeLessThanOrEqual(query.limit);
      ids.push(...result.items.map((item) => item.requestId));
      if (result.nextCursor === undefined) return ids;
      cursor = result.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  it.skipIf(skip)('pages newest first across day partitions, ties broken stably', async () => {
    expect(await allPages({ limit: 7 })).toEqual(newestFirst(all));
    expect(await allPages({ limit: 1_000 })).toEqual(newestFirst(all));
  });

  it.skipIf(skip)('filters by tenant, app, key, route, provider, model, status and time', async () => {
    const cases: Array<[Omit<CallQuery, 'limit'>, (call: CallRecord) => boolean]> = [
      [{ tenantId: 'ten_odd' }, (call) => call.tenantId === 'ten_odd'],
      [{ appId: 'app_1' }, (call) => call.appId === 'app_1'],
      [{ keyId: 'key_3' }, (call) => call.keyId === 'key_3'],
      [
        { route: 'chat', provider: 'openai-main' },
        (call) => call.route === 'chat' && call.provider === 'openai-main',
      ],
      [{ model: 'model-5' }, (call) => call.model === 'model-5'],
      [{ status: 'error' }, (call) => call.status >= 400],
      [{ status: 'ok', tenantId: 'ten_even' }, (call) => call.status < 400 && call.tenantId === 'ten_even'],
      [
        { from: baseTime - dayMs, to: baseTime + 5_000 },
        (call) => call.at >= baseTime - dayMs && call.at < baseTime + 5_000,
      ],
    ];
    for (const [filter, matches] of cases) {
      expect(await allPages({ ...filter, limit: 4 })).toEqual(newestFirst(all.filter(matches)));
    }
    expect(await queryCalls(opened.store, { model: 'never-seen', limit: 10 })).toEqual({ items: [] });
  });

  it.skipIf(skip)('returns every recorded field with dimensions resolved', async () => {
    const source = calls[10];
    if (source === undefined) throw new Error('fixture');
    const { items } = await queryCalls(opened.store, { keyId: 'key_0', model: 'model-4', limit: 100 });
    const found = items.find((item) => item.requestId === source.requestId);
    expect(found).toEqual({
      ...source,
      ttftMs: 12,
      hasBodies: false,
    });
  });

  it.skipIf(skip)('finds one call by request id, restricted to a tenant when given', async () => {
    const source = calls[3];
    if (source === undefined) throw new Error('fixture');
    expect(await findCall(opened.store, source.requestId)).toMatchObject({
      requestId: source.requestId,
      tenantId: 'ten_odd',
      errorCode: null,
      hasBodies: false,
    });
    expect(await findCall(opened.store, source.requestId, 'ten_odd')).toBeDefined();
    expect(await findCall(opened.store, source.requestId, 'ten_even')).toBeUndefined();
    expect(await findCall(opened.store, source.requestId, 'no_such_tenant')).toBeUndefined();
    expect(await findCall(opened.store, 'req_missing')).toBeUndefined();
  });

  it.skipIf(skip)('stores bodies redacted and capped, shown by findCall only', async () => {
    const view = await findCall(opened.store, withBodies.requestId, 'ten_even');
    expect(view?.hasBodies).toBe(true);
    expect(view?.bodies?.request).toMatch(
      /^\{"messages":\[\{"role":"user","content":"mail \[redacted-email\] x+…\[truncated \d+ bytes\]$/,
    );
    expect(Buffer.byteLength(view?.bodies?.request.split('…')[0] ?? '')).toBe(64);
    expect(view?.bodies?.response).toBe('Authorization: Bearer [redacted]');
    const listed = await queryCalls(opened.store, { from: withBodies.at, to: withBodies.at + 1, limit: 5 });
    expect(listed.items.map((item) => [item.requestId, item.hasBodies, item.bodies])).toEqual([
      [withBodies.requestId, true, undefined],
    ]);
  });

  it.skipIf(skip)('rejects a malformed cursor', async () => {
    await expect(queryCalls(opened.store, { limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow(
      /invalid cursor/,
    );
  });

  // Last: it adds a call the other tests do not expect.
  it.skipIf(skip)('keeps its place while newer calls arrive', async () => {
    const first = await queryCalls(opened.store, { limit: 10, to: baseTime + dayMs });
    const writer = new CallLogWriter(opened.store, { retentionIntervalMs: 0, onError: ignoreErrors });
    writer.record(makeCall({ at: baseTime + 100_000, requestId: 'req_late' }));
    await writer.close();
    const second = await queryCalls(opened.store, {
      limit: 10,
      to: baseTime + dayMs,
      cursor: first.nextCursor ?? '',
    });
    expect([...first.items, ...second.items].map((item) => item.requestId)).toEqual(
      newestFirst(all).slice(0, 20),
    );
  });
});
