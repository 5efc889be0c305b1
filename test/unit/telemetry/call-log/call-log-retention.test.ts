import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../../src/storage/open-store.js';
import { CallLogWriter } from '../../../../src/telemetry/call-log/call-log-writer.js';
import { listCallLogTables, listPartitions } from '../../../../src/telemetry/call-log/call-partitions.js';
import { enforceRetention } from '../../../../src/telemetry/call-log/enforce-retention.js';
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

/** Remembers every statement's kind (and raw SQL text) sent through the wrapped store. */
function recordStatements(store: Store): { store: Store; statements: string[] } {
  const statements: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      statements.push(describeNode(node));
      return node;
    },
    transformResult: ({ result }) => Promise.resolve(result),
  };
  return { store: { ...store, db: store.db.withPlugin(plugin) }, statements };
}

function describeNode(node: RootOperationNode): string {
  if (node.kind === 'DeleteQueryNode') return 'delete';
  if (node.kind === 'DropTableNode') return `drop ${node.table.table.identifier.name}`;
  if (node.kind === 'RawNode') return node.sqlFragments.join('?');
  return node.kind;
}

describe.each(storeTargets)('call-log partitions and retention on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  let opened: OpenedStore;

  beforeAll(async () => {
    if (skip) return;
    opened = await openTestStore(target);
    const writer = new CallLogWriter(opened.store, { retentionIntervalMs: 0, onError: ignoreErrors });
    // Ten days, 2026-01-01 .. 2026-01-10, with 1..10 calls each.
    for (let day = 0; day < 10; day++) {
      for (let index = 0; index <= day; index++) {
        writer.record(
          makeCall({ at: baseTime - (9 - day) * dayMs + index, bodies: { request: 'q', response: 'a' } }),
        );
      }
    }
    await writer.close();
  });
  afterAll(async () => {
    if (!skip) await opened.close();
  });

  it.skipIf(skip)(
    'creates one partition (and one bodies table) per day, registered with row counts',
    async () => {
      const partitions = await listPartitions(opened.db);
      expect(partitions.map((partition) => partition.day)).toEqual([
        '20260101',
        '20260102',
        '20260103',
        '20260104',
        '20260105',
        '20260106',
        '20260107',
        '20260108',
        '20260109',
        '20260110',
      ]);
      expect(partitions.map((partition) => partition.rows)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(partitions.every((partition) => partition.bytes_estimate > 0)).toBe(true);
      const tables = await listCallLogTables(opened.db, opened.store.dialect);
      expect(tables).toHaveLength(20);
      expect(tables).toContain('calls_20260101');
      expect(tables).toContain('call_bodies_20260110');
    },
  );

  it.skipIf(skip)('drops whole partitions past the age bound, with DROP TABLE and no DELETE', async () => {
    const { store, statements } = recordStatements(opened.store);
    // Noon on 2026-01-10 with 3 days: days ending by noon 2026-01-07 go, i.e. up to 2026-01-06.
    const result = await enforceRetention(store, { maxAgeDays: 3 }, baseTime);
    expect(result.droppedDays).toEqual([
      '20260101',
      '20260102',
      '20260103',
      '20260104',
      '20260105',
      '20260106',
    ]);
    const tables = await listCallLogTables(opened.db, opened.store.dialect);
    expect(tables).toEqual([
      'call_bodies_20260107',
      'call_bodies_20260108',
      'call_bodies_20260109',
      'call_bodies_20260110',
      'calls_20260107',
      'calls_20260108',
      'calls_20260109',
      'calls_20260110',
    ]);
    expect(statements).toContain('drop calls_20260101');
    expect(statements).toContain('drop call_bodies_20260101');
    // The only row deletes are of the registry's own rows (one per dropped day), never of calls.
    expect(statements.filter((statement) => statement === 'delete')).toHaveLength(6);
    expect(statements.some((statement) => /delete\s+from\s+"?calls_/i.test(statement))).toBe(false);
  });

  it.skipIf(skip)('drops the oldest whole days until the row bound holds, never the newest', async () => {
    // Left: 7, 8, 9, 10 rows. At most 20: drop 7 (27 left), then 8 (19 left).
    expect((await enforceRetention(opened.store, { maxRows: 20 }, baseTime)).droppedDays).toEqual([
      '20260107',
      '20260108',
    ]);
    expect((await enforceRetention(opened.store, { maxRows: 1 }, baseTime)).droppedDays).toEqual([
      '20260109',
    ]);
    expect((await listPartitions(opened.db)).map((partition) => partition.day)).toEqual(['20260110']);
  });

  it.skipIf(skip)('trims rollups by their own, longer ages', async () => {
    const countRollups = async (table: 'rollup_minute' | 'rollup_hour' | 'rollup_day'): Promise<number> =>
      (await opened.db.selectFrom(table).select('bucket_start').execute()).length;
    expect(await countRollups('rollup_minute')).toBe(10);
    await enforceRetention(opened.store, { rollupMaxAgeDays: { minute: 2, hour: 5 } }, baseTime + 1);
    expect(await countRollups('rollup_minute')).toBe(2);
    expect(await countRollups('rollup_hour')).toBe(5);
    expect(await countRollups('rollup_day')).toBe(10);
  });

  it.skipIf(skip)('a writer recreates a partition that retention dropped under it', async () => {
    const writer = new CallLogWriter(opened.store, { retentionIntervalMs: 0, onError: ignoreErrors });
    writer.record(makeCall({ at: baseTime }));
    await writer.flush();
    await enforceRetention(opened.store, { maxAgeDays: 0 }, baseTime + 2 * dayMs);
    expect(await listPartitions(opened.db)).toEqual([]);
    writer.record(makeCall({ at: baseTime }));
    await writer.flush().catch(() => writer.flush());
    expect((await listPartitions(opened.db)).map((partition) => partition.rows)).toEqual([1]);
    await writer.close();
  });

  it.skipIf(skip)('the writer enforces retention on its own timer', async () => {
    const writer = new CallLogWriter(opened.store, {
      flushIntervalMs: 10,
      retentionIntervalMs: 1,
      retention: { maxAgeDays: 1 },
      now: () => baseTime + 5 * dayMs,
      onError: ignoreErrors,
    });
    await expect.poll(async () => (await listPartitions(opened.db)).length, { timeout: 5_000 }).toBe(0);
    await writer.close();
  });
});
