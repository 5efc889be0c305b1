import { budgetPeriodEnd } from '../core/budget-period.js';
import { periodStart } from '../core/period-start.js';
import type { QuotaPeriod } from '../core/quota-period.js';
import type { LimitHeader } from './admission.js';
import type { CompiledBudget, CompiledLimit } from './compile-rules.js';
import { emptyCounterEntry, type CounterEntry } from './counter-store.js';
import { limitCounters, type LimitCounter } from './limit-counters.js';

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
  /** The header group of each entry, -1 for none (a number array: read on every admit). */
  private readonly groups: number[] = [];
  /** Scratch: the entry position chosen for each header group, -1 for none. */
  private readonly best = [-1, -1, -1, -1];
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
    // Only the counters some found limit sets are visited (most limits set one or two).
    let used = 0;
    for (let at = 0; at < limits.length; at++) used |= (limits[at] as CompiledLimit).counterMask;
    for (let index = 0; index < limitCounters.length; index++) {
      if ((used & (1 << index)) === 0) continue;
      const counter = limitCounters[index] as LimitCounter;
      for (let at = 0; at < limits.length; at++) {
        const limit = limits[at] as CompiledLimit;
        const value = limit.values[index] as number;
        if (value === Infinity) continue;
        const entry = this.next(counter, limit);
        entry.key = limit.counterKeys[index] as string;
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
   * Header values of the reserved entry of each header group (requests, tokens, quota day,
   * quota month) with the least room left, into `into` (indexed by group; undefined: none). A
   * rate's reset is at most its window (the two-bucket estimate keeps a call weighing up to two).
   */
  tightest(into: Array<LimitHeader | undefined>): void {
    const best = this.best;
    best[0] = best[1] = best[2] = best[3] = -1;
    for (let position = 0; position < this.count; position++) {
      const group = this.groups[position] as number;
      if (group === -1) continue;
      const entry = this.entries[position] as CounterEntry;
      const current = best[group] as number;
      const held = current === -1 ? undefined : (this.entries[current] as CounterEntry);
      if (held === undefined || entry.limit - entry.used < held.limit - held.used) best[group] = position;
    }
    for (let group = 0; group < best.length; group++) {
      const position = best[group] as number;
      into[group] = position === -1 ? undefined : this.header(position);
    }
  }

  private header(position: number): LimitHeader {
    const entry = this.entries[position] as CounterEntry;
    const window = (this.counters[position] as LimitCounter).window;
    return {
      limit: entry.limit,
      remaining: Math.max(0, Math.floor(entry.limit - entry.used)),
      resetMs: window.type === 'sliding' ? Math.min(entry.resetMs, window.lengthMs) : entry.resetMs,
    };
  }

  private next(counter: LimitCounter | undefined, owner: CompiledLimit | CompiledBudget): CounterEntry {
    const position = this.count++;
    const entry = this.entries[position] ?? (this.entries[position] = emptyCounterEntry());
    entry.used = 0;
    entry.resetMs = 0;
    this.counters[position] = counter;
    this.groups[position] = counter?.headerGroup ?? -1;
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
