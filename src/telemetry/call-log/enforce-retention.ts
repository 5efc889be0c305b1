import type { Store } from '../../storage/open-store.js';
import { callLogDatabase } from './call-log-database.js';
import { rollupTable, type Granularity } from './call-log-tables.js';
import { dayStartMs, dropPartition, listPartitions } from './call-partitions.js';

const dayMs = 86_400_000;

/** How long and how much of the call log is kept. See docs/call-log.md "Retention". */
export interface RetentionOptions {
  /**
   * Raw calls are kept at least this many days and at most one day more: a day partition is
   * dropped once its whole day is older than this. Absent: no age bound.
   */
  maxAgeDays?: number;
  /**
   * Raw rows kept across all partitions; the oldest whole days are dropped until the total is at
   * most this. The newest day is never dropped, so the bound is max(maxRows, rows of the newest
   * day). Absent: no row bound.
   */
  maxRows?: number;
  /**
   * Days each rollup keeps (rows whose bucket started earlier are removed by one range delete
   * per table). Absent granularity: kept forever.
   */
  rollupMaxAgeDays?: Partial<Record<Granularity, number>>;
}

/** The writer's retention when none is configured. */
export const defaultRetention = {
  maxAgeDays: 30,
  maxRows: 10_000_000,
  rollupMaxAgeDays: { minute: 2, hour: 90 },
} as const satisfies RetentionOptions;

export interface RetentionResult {
  /** Days (`YYYYMMDD`) whose partitions were dropped, oldest first. */
  droppedDays: string[];
}

/**
 * Enforces the bounds by dropping whole day partitions (DROP TABLE, never row deletes) and by
 * trimming rollups older than their age. Safe to call while a writer runs.
 */
export async function enforceRetention(
  store: Pick<Store, 'db'>,
  options: RetentionOptions,
  nowMs: number = Date.now(),
): Promise<RetentionResult> {
  const db = callLogDatabase(store);
  const partitions = await listPartitions(db);
  const droppedDays: string[] = [];
  const maxAgeDays = options.maxAgeDays;
  let totalRows = partitions.reduce((sum, partition) => sum + partition.rows, 0);
  for (const [index, partition] of partitions.entries()) {
    const newest = index === partitions.length - 1;
    const tooOld =
      maxAgeDays !== undefined && dayStartMs(partition.day) + dayMs <= nowMs - maxAgeDays * dayMs;
    const tooMany = options.maxRows !== undefined && totalRows > options.maxRows && !newest;
    if (!tooOld && !tooMany) break;
    await dropPartition(db, partition.day);
    droppedDays.push(partition.day);
    totalRows -= partition.rows;
  }
  for (const [granularity, days] of Object.entries(options.rollupMaxAgeDays ?? {}) as Array<
    [Granularity, number | undefined]
  >) {
    if (days === undefined) continue;
    // Rollups are small (one row per group and bucket), so a range delete does not bloat.
    await db
      .deleteFrom(rollupTable(granularity))
      .where('bucket_start', '<', nowMs - days * dayMs)
      .execute();
  }
  return { droppedDays };
}
