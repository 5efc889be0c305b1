import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Store } from '../../../../src/storage/open-store.js';
import { CallLogWriter } from '../../../../src/telemetry/call-log/call-log-writer.js';
import { listPartitions } from '../../../../src/telemetry/call-log/call-partitions.js';
import { ThreadedCallSink } from '../../../../src/telemetry/call-log/threaded-call-sink.js';
import { findCall } from '../../../../src/telemetry/call-log/query-calls.js';
import { postgresReachable, sqliteFileTarget, storeTargets } from '../../../support/test-stores.js';
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

/** A writer that writes only when asked (flush/close), with no retention and errors ignored. */
function manualWriter(store: Store): CallLogWriter {
  return new CallLogWriter(store, { flushIntervalMs: 60_000, retentionIntervalMs: 0, onError: ignoreErrors });
}

describe.each([...storeTargets, sqliteFileTarget])('call-log writer on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  let opened: OpenedStore;

  beforeAll(async () => {
    if (!skip) opened = await openTestStore(target);
  });
  afterAll(async () => {
    if (!skip) await opened.close();
  });

  it.skipIf(skip)('writes queued calls in batches of maxBatch, one transaction each', async () => {
    const before = await countRows(opened.db);
    const writer = new CallLogWriter(opened.store, {
      maxBatch: 100,
      flushIntervalMs: 60_000,
      retentionIntervalMs: 0,
      onError: ignoreErrors,
    });
    for (let index = 0; index < 250; index++) writer.record(makeCall());
    await writer.flush();
    expect(writer.stats()).toEqual({ queued: 0, written: 250, batches: 3, failedBatches: 0, dropped: 0 });
    expect((await countRows(opened.db)) - before).toBe(250);
    await writer.close();
  });

  it.skipIf(skip)('writes on its timer without being asked', async () => {
    const before = await countRows(opened.db);
    const writer = new CallLogWriter(opened.store, {
      flushIntervalMs: 20,
      retentionIntervalMs: 0,
      onError: ignoreErrors,
    });
    writer.record(makeCall());
    writer.record(makeCall());
    await expect.poll(() => writer.stats().written, { timeout: 5_000 }).toBe(2);
    expect((await countRows(opened.db)) - before).toBe(2);
    await writer.close();
  });

  it.skipIf(skip)('close() writes everything queued: 5,000 recorded, 5,000 rows', async () => {
    const before = await countRows(opened.db);
    const writer = manualWriter(opened.store);
    for (let index = 0; index < 5_000; index++) writer.record(makeCall({ at: baseTime + index }));
    await writer.close();
    expect((await countRows(opened.db)) - before).toBe(5_000);
    // maxBatch by default: 500 in the SQLite file's writer thread, 200 where batches run in the event loop.
    const threaded = opened.store.dialect === 'sqlite' && opened.store.location !== ':memory:';
    expect(writer.stats()).toMatchObject({ queued: 0, written: 5_000, batches: threaded ? 10 : 25 });
  });

  it.skipIf(skip)('keeps a failed batch and writes it on the next attempt', async () => {
    const before = await countRows(opened.db);
    const errors: unknown[] = [];
    const writer = new CallLogWriter(opened.store, {
      flushIntervalMs: 60_000,
      retentionIntervalMs: 0,
      onError: (error) => errors.push(error),
    });
    for (let index = 0; index < 10; index++) writer.record(makeCall({ model: `model-${index}` }));
    // A real store failure: the partition registry the batch updates is gone.
    await sql`alter table call_partitions rename to call_partitions_away`.execute(opened.db);
    await expect(writer.flush()).rejects.toThrow();
    expect(writer.stats()).toMatchObject({ queued: 10, written: 0, failedBatches: 1 });
    expect(errors).toHaveLength(1);
    await sql`alter table call_partitions_away rename to call_partitions`.execute(opened.db);
    await writer.flush();
    expect(writer.stats()).toMatchObject({ queued: 0, written: 10, failedBatches: 1 });
    expect((await countRows(opened.db)) - before).toBe(10);
    await writer.close();
  });

  it.skipIf(skip)('drops loudly past the high-water mark and after close, never silently', async () => {
    const errors: unknown[] = [];
    const writer = new CallLogWriter(opened.store, {
      flushIntervalMs: 60_000,
      retentionIntervalMs: 0,
      highWaterMark: 5,
      onError: (error) => errors.push(error),
    });
    for (let index = 0; index < 8; index++) writer.record(makeCall());
    expect(writer.stats()).toMatchObject({ queued: 5, dropped: 3 });
    expect(String(errors[0])).toMatch(/high-water mark 5/);
    await writer.close();
    writer.record(makeCall());
    expect(writer.stats()).toMatchObject({ written: 5, dropped: 4 });
  });

  it.skipIf(skip)('record() is synchronous and survives a throwing error sink', () => {
    const writer = new CallLogWriter(opened.store, {
      flushIntervalMs: 60_000,
      retentionIntervalMs: 0,
      highWaterMark: 0,
      onError: () => {
        throw new Error('sink down');
      },
    });
    expect(writer.record(makeCall())).toBeUndefined();
    return writer.close();
  });

  it.skipIf(skip)('stores awkward strings and numbers intact', async () => {
    const writer = new CallLogWriter(opened.store, { retentionIntervalMs: 0, onError: ignoreErrors });
    const requestId = 'req_"quoted", {braces} \\ back\'slash NULL ünï';
    writer.record(
      makeCall({ requestId, model: 'NULL', route: '', costUsd: 1.25e-7, latencyMs: 12.6, ttftMs: 3.4 }),
    );
    await writer.close();
    expect(await findCall(opened.store, requestId)).toMatchObject({
      requestId,
      model: 'NULL',
      route: '',
      costUsd: 1.25e-7,
      latencyMs: 13,
      ttftMs: 3,
    });
  });

  it.skipIf(skip)('measures the write rate for 20,000 rows', async () => {
    const before = await countRows(opened.db);
    const writer = manualWriter(opened.store);
    const routes = ['chat', 'embed', 'summarise'];
    const started = performance.now();
    for (let index = 0; index < 20_000; index++) {
      writer.record(
        makeCall({
          at: baseTime + index * 10,
          route: routes[index % 3] ?? null,
          tenantId: `ten_${index % 20}`,
          latencyMs: 50 + (index % 500),
        }),
      );
    }
    await writer.close();
    const seconds = (performance.now() - started) / 1_000;
    expect((await countRows(opened.db)) - before).toBe(20_000);
    console.log(
      `call log on ${target.name}: 20,000 rows in ${seconds.toFixed(2)} s = ${Math.round(20_000 / seconds)} rows/s (batches of 1,000, rollups included)`,
    );
  });
});

describe('call-log writer thread on a SQLite file', () => {
  let opened: OpenedStore;

  beforeAll(async () => {
    opened = await openTestStore(sqliteFileTarget);
  });
  afterAll(() => opened.close());

  it('writes through its own connection: a batch waits for a lock another connection holds, and the event loop keeps running', async () => {
    const before = await countRows(opened.db);
    const writer = manualWriter(opened.store);
    for (let index = 0; index < 50; index++) writer.record(makeCall());
    let flushed = false;
    await opened.db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      const flushing = writer.flush().then(() => {
        flushed = true;
      });
      // Written in the loop, the batch would fail at once (same connection, open transaction).
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(flushed).toBe(false);
      expect(writer.stats().queued).toBe(50);
      await sql`commit`.execute(connection);
      await flushing;
    });
    expect(writer.stats()).toMatchObject({ queued: 0, written: 50, failedBatches: 0 });
    expect((await countRows(opened.db)) - before).toBe(50);
    await writer.close();
  });

  it('refuses writeInThread on a store a second connection cannot open', async () => {
    const memory = await openTestStore(storeTargets[0] ?? sqliteFileTarget);
    expect(
      () =>
        new CallLogWriter(memory.store, {
          writeInThread: true,
          retentionIntervalMs: 0,
          onError: ignoreErrors,
        }),
    ).toThrow(/writeInThread needs a SQLite file store, not :memory:/);
    await memory.close();
  });

  it('the thread exits after its idle time, and the next batch starts a new one', async () => {
    const threads = (): number =>
      Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
    const before = threads();
    const sink = new ThreadedCallSink(opened.store, 16_384, 200);
    expect(await sink.write([makeCall()], Date.now())).toEqual({ written: 1, malformed: [] });
    expect(threads()).toBeGreaterThan(before);
    await expect.poll(threads, { timeout: 5_000 }).toBe(before);
    expect(await sink.write([makeCall(), makeCall()], Date.now())).toEqual({ written: 2, malformed: [] });
    await sink.close();
    await expect.poll(threads, { timeout: 5_000 }).toBe(before);
  });

  it('retention on the gateway connection drops a day the thread had written; a later call for that day is written on the retry', async () => {
    const errors: unknown[] = [];
    const writer = new CallLogWriter(opened.store, {
      flushIntervalMs: 60_000,
      retentionIntervalMs: 0,
      onError: (error) => errors.push(error),
    });
    const oldDay = baseTime - 40 * dayMs;
    writer.record(makeCall({ at: oldDay }));
    await writer.flush();
    const sink = new ThreadedCallSink(opened.store, 16_384);
    await sink.enforceRetention({ maxAgeDays: 30 }, baseTime);
    await sink.close();
    expect((await listPartitions(opened.db)).map((partition) => partition.day)).not.toContain('20251201');
    writer.record(makeCall({ at: oldDay }));
    await expect(writer.flush()).rejects.toThrow(/no such table/);
    await writer.flush();
    expect(writer.stats()).toMatchObject({ queued: 0, written: 2, failedBatches: 1 });
    expect(errors).toHaveLength(1);
    await writer.close();
  });

  it("a gateway transaction that reads, then writes, is not broken by the thread's commit in between", async () => {
    const before = await countRows(opened.db);
    const writer = manualWriter(opened.store);
    writer.record(makeCall());
    await writer.flush(); // the thread is up: its next commit comes within milliseconds
    for (let index = 0; index < 20; index++) writer.record(makeCall());
    let flushing: Promise<void> | undefined;
    await opened.db.transaction().execute(async (tx) => {
      const partitions = await tx.selectFrom('call_partitions').select('day').execute();
      flushing = writer.flush();
      // Begun deferred, this transaction's snapshot would now be stale and its write below refused (SQLITE_BUSY).
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx
        .updateTable('call_partitions')
        .set({ bytes_estimate: sql`bytes_estimate` })
        .where('day', 'in', [...partitions.map((row) => row.day), ''])
        .execute();
    });
    await flushing;
    expect(writer.stats()).toMatchObject({ queued: 0, written: 21, failedBatches: 0 });
    expect((await countRows(opened.db)) - before).toBe(21);
    await writer.close();
  });
});
