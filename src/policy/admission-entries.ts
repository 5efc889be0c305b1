import { budgetPeriodEnd } from '../core/budget-period.js';
import { periodStart } from '../core/period-start.js';
import type { QuotaPeriod } from '../core/quota-period.js';
import type { LimitHeader } from './admission.js';
import type { CompiledBudget, CompiledLimit } from './compile-rules.js';
import { emptyCounterEntry, type CounterEntry } from './counter-store.js';
import { limitCounters, type LimitCounter, type LimitField } from './limit-counters.js';

/**
 * The scratch entries of one admit: which counters a call reserves in, in check order, with what
 * each one stands for. Reused by every admit (safe: an admit runs to completion before the next).
 */
export class AdmissionEntries {
  readonly entries: CounterEntry[] = [];
  /** The limit counter of each entry; undefined for a budget. */
  readonly counters: Array<LimitCounter | undefined> = [];
  readonly owners: Array<CompiledLimit | CompiledBudget> = [];
  count = 0;
  /** Calendar windows of the quota periods, recomputed only when `nowMs` leaves them. */
  private readonly calendar: Record<QuotaPeriod, { startMs: number; endMs: number }> = {
    day: { startMs: 0, endMs: 0 },
    month: { startMs: 0, endMs: 0 },
  };

  /**
   * Writes the entries of every limit counter (in `limitCounters` order, then budgets) of the
   * found rules; pushes each budget's period start to `budgetWindowStarts`.
   */
  fill(
    limits: readonly CompiledLimit[],
    budgets: readonly CompiledBudget[],
    nowMs: number,
    tokens: number,
    microUsd: number,
    budgetWindowStarts: number[],
  ): void {
    this.count = 0;
    for (const counter of limitCounters) {
      for (const limit of limits) {
        const value = limit[counter.field];
        if (value === Infinity) continue;
        const entry = this.next(counter, limit);
        entry.key = limit.keys[counter.field];
        entry.limit = value;
        entry.amount = counter.unit === 'tokens' ? tokens : 1;
        this.setWindow(entry, counter, nowMs);
      }
    }
    for (const budget of budgets) {
      const start = periodStart(budget.rule.period, nowMs);
      budgetWindowStarts.push(start);
      const entry = this.next(undefined, budget);
      entry.key = budget.key;
      entry.limit = budget.limitMicroUsd;
      entry.amount = microUsd;
      entry.sliding = false;
      entry.windowStartMs = start;
      entry.windowEndMs = budgetPeriodEnd(budget.rule.period, start);
    }
  }

  /**
   * Header values of the reserved entry of one of `fields` with the least room left; its reset
   * is at most its window (the two-bucket estimate keeps a call weighing up to two windows).
   */
  tightest(fields: readonly LimitField[]): LimitHeader | undefined {
    let best: CounterEntry | undefined;
    let bestCounter: LimitCounter | undefined;
    for (let position = 0; position < this.count; position++) {
      const counter = this.counters[position];
      if (counter === undefined || !fields.includes(counter.field)) continue;
      const entry = this.entries[position] as CounterEntry;
      if (best === undefined || entry.limit - entry.used < best.limit - best.used) {
        best = entry;
        bestCounter = counter;
      }
    }
    if (best === undefined || bestCounter === undefined) return undefined;
    const window = bestCounter.window;
    return {
      limit: best.limit,
      remaining: Math.max(0, Math.floor(best.limit - best.used)),
      resetMs: window.type === 'sliding' ? Math.min(best.resetMs, window.lengthMs) : best.resetMs,
    };
  }

  private next(counter: LimitCounter | undefined, owner: CompiledLimit | CompiledBudget): CounterEntry {
    const position = this.count++;
    const entry = this.entries[position] ?? (this.entries[position] = emptyCounterEntry());
    entry.used = 0;
    entry.resetMs = 0;
    this.counters[position] = counter;
    this.owners[position] = owner;
    return entry;
  }

  private setWindow(entry: CounterEntry, counter: LimitCounter, nowMs: number): void {
    const window = counter.window;
    if (window.type === 'sliding') {
      entry.sliding = true;
      entry.windowStartMs = nowMs - (nowMs % window.lengthMs);
      entry.windowEndMs = entry.windowStartMs + window.lengthMs;
    } else if (window.type === 'calendar') {
      const cached = this.calendar[window.period];
      if (nowMs < cached.startMs || nowMs >= cached.endMs) {
        cached.startMs = periodStart(window.period, nowMs);
        cached.endMs = budgetPeriodEnd(window.period, cached.startMs);
      }
      entry.sliding = false;
      entry.windowStartMs = cached.startMs;
      entry.windowEndMs = cached.endMs;
    } else {
      entry.sliding = false;
      entry.windowStartMs = 0;
      entry.windowEndMs = Infinity;
    }
  }
}
