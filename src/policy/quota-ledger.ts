import { budgetPeriodEnd } from '../core/budget-period.js';
import { periodStart } from '../core/period-start.js';
import type { QuotaPeriod } from '../core/quota-period.js';
import type { AdmissionEntries } from './admission-entries.js';
import { limitCounterKey, type CompiledLimit } from './compile-rules.js';
import { emptyCounterEntry, type CounterEntry, type CounterStore } from './counter-store.js';
import { limitCounters, quotaField, type LimitCounter } from './limit-counters.js';
import type { QuotaUsageDelta, QuotaUsageRow, QuotaUsageSink } from './quota-ports.js';

/**
 * The persistence side of request quotas: seeds their counters from stored usage, and collects
 * the requests admitted since the last flush, merged per counter and window, for the
 * QuotaUsageSink. Pending usage is keyed by the counter key the engine already holds, so counting
 * allocates only when a window is first seen.
 */
export class QuotaLedger {
  private pending = new Map<string, QuotaUsageDelta[]>();

  constructor(
    private readonly store: CounterStore,
    private readonly sink: QuotaUsageSink | undefined,
  ) {}

  /**
   * Seeds quota counters from stored rows; rows of past windows are skipped. A counter already
   * at or above the stored count keeps its value, so seeding twice, or after this process
   * counted requests itself, never counts a request twice.
   */
  load(rows: ReadonlyArray<QuotaUsageRow>, nowMs: number): void {
    for (const row of rows) {
      if (row.periodStart !== periodStart(row.period, nowMs)) continue;
      const entry: CounterEntry = {
        ...emptyCounterEntry(),
        key: quotaCounterKey(row),
        limit: Infinity,
        windowStartMs: row.periodStart,
        windowEndMs: budgetPeriodEnd(row.period, row.periodStart),
      };
      this.store.peek(entry, nowMs);
      if (row.requests <= entry.used) continue;
      entry.amount = row.requests - entry.used;
      this.store.reserve([entry], 1, nowMs);
    }
  }

  /** Counts the request just admitted (reserved in `scratch`) against every quota it met. */
  count(scratch: AdmissionEntries): void {
    for (let position = 0; position < scratch.count; position++) {
      const window = scratch.counters[position]?.window;
      if (window?.type !== 'calendar') continue;
      const entry = scratch.entries[position] as CounterEntry;
      const { scope, scopeId } = scratch.owners[position] as CompiledLimit;
      const pending = this.find(entry.key, entry.windowStartMs);
      if (pending !== undefined) pending.requests += 1;
      else {
        this.queue(entry.key, {
          scope,
          scopeId,
          period: window.period,
          periodStart: entry.windowStartMs,
          requests: 1,
        });
      }
    }
  }

  /**
   * Hands what was counted since the last flush to the sink in one batch; if the sink throws, the
   * batch is kept for the next flush and the error rethrown.
   */
  flush(): void {
    if (this.pending.size === 0 || this.sink === undefined) return;
    const changes = [...this.pending.values()].flat();
    this.pending = new Map();
    try {
      this.sink.record(changes);
    } catch (error) {
      for (const change of changes) {
        const key = quotaCounterKey(change);
        const pending = this.find(key, change.periodStart);
        if (pending !== undefined) pending.requests += change.requests;
        else this.queue(key, { ...change });
      }
      throw error;
    }
  }

  private find(key: string, windowStartMs: number): QuotaUsageDelta | undefined {
    const windows = this.pending.get(key);
    if (windows === undefined) return undefined;
    for (const window of windows) if (window.periodStart === windowStartMs) return window;
    return undefined;
  }

  private queue(key: string, delta: QuotaUsageDelta): void {
    const windows = this.pending.get(key);
    if (windows === undefined) this.pending.set(key, [delta]);
    else windows.push(delta);
  }
}

const quotaCounters: Readonly<Record<QuotaPeriod, LimitCounter>> = {
  day: counterOf('day'),
  month: counterOf('month'),
};

function counterOf(period: QuotaPeriod): LimitCounter {
  const field = quotaField(period);
  const counter = limitCounters.find((candidate) => candidate.field === field);
  if (counter === undefined) throw new Error(`no limit counter for ${field}`);
  return counter;
}

/** The key of the engine's counter for a stored usage row's scope and period. */
function quotaCounterKey(row: Pick<QuotaUsageRow, 'scope' | 'scopeId' | 'period'>): string {
  return limitCounterKey(quotaCounters[row.period], row.scope, row.scopeId);
}
