import { sql } from 'kysely';
import type { BudgetPeriod } from '../core/budget-period.js';
import type { BudgetScope } from '../core/policy-scope.js';
import type { SpendAccumulator, SpendDelta } from '../policy/spend-ports.js';
import type { Store } from './open-store.js';

/** How long spend waits in memory before it is written; also what a crash can lose. */
const flushDelayMs = 1_000;

/**
 * Persists settled spend so budgets survive restarts and a budget created mid-period starts
 * from what was already spent. Changes are merged per (scope, id, period window) in memory and
 * written at most once a second, one upsert per window, in one transaction; a failed write
 * keeps its changes and tries again. `close()` writes what is left.
 */
export class SpendWriter implements SpendAccumulator {
  /**
   * Pending changes by scope id; each list holds that id's windows (a few). Looked up without
   * building a string key: every call adds up to nine windows, and the keys were a tenth of what
   * a request allocated (docs/benchmarks.md, "Optimisations (2026-12-04)").
   */
  private pending = new Map<string, SpendDelta[]>();
  private pendingCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(changes: SpendDelta[]): void {
    for (const change of changes) this.merge(change, change.deltaUsd, change.alerted);
    this.schedule();
  }

  /** Typed by the port, so the window's six fields are spelled out in one place. */
  readonly add: SpendAccumulator['add'] = (scope, scopeId, tenantId, period, periodStart, deltaUsd) => {
    const existing = this.find(scope, scopeId, period, periodStart);
    if (existing !== undefined) existing.deltaUsd += deltaUsd;
    else this.queue({ scope, scopeId, tenantId, period, periodStart, deltaUsd, alerted: false });
    this.schedule();
  };

  /** Adds to the pending change of the same window, or queues a copy of `change`. */
  private merge(change: SpendDelta, deltaUsd: number, alerted: boolean): void {
    const existing = this.find(change.scope, change.scopeId, change.period, change.periodStart);
    if (existing === undefined) {
      this.queue({ ...change });
      return;
    }
    existing.deltaUsd += deltaUsd;
    existing.alerted ||= alerted;
  }

  private find(
    scope: BudgetScope,
    scopeId: string,
    period: BudgetPeriod,
    periodStart: number,
  ): SpendDelta | undefined {
    const windows = this.pending.get(scopeId);
    if (windows === undefined) return undefined;
    for (const window of windows) {
      if (window.period === period && window.periodStart === periodStart && window.scope === scope)
        return window;
    }
    return undefined;
  }

  private queue(change: SpendDelta): void {
    const windows = this.pending.get(change.scopeId);
    if (windows === undefined) this.pending.set(change.scopeId, [change]);
    else windows.push(change);
    this.pendingCount++;
  }

  /**
   * Writes everything queued, trying three times. Throws (naming the unwritten amount) when the
   * store stays unreachable, so shutdown says what is lost.
   */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    for (let attempt = 0; attempt < 3 && this.pendingCount > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 500));
      await this.flush();
    }
    clearTimeout(this.timer);
    if (this.pendingCount > 0) {
      const left = [...this.pending.values()].flat();
      const usd = left.reduce((sum, delta) => sum + delta.deltaUsd, 0);
      throw new Error(`${left.length} spend changes (${usd.toFixed(6)} USD) could not be written`);
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing ??= this.flush().finally(() => {
        this.writing = undefined;
      });
    }, flushDelayMs);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    if (this.pendingCount === 0) return;
    const batch = [...this.pending.values()].flat();
    this.pending = new Map();
    this.pendingCount = 0;
    try {
      await this.write(batch);
    } catch (error) {
      for (const change of batch) this.merge(change, change.deltaUsd, change.alerted);
      this.onError(error);
      this.schedule();
    }
  }

  private async write(batch: SpendDelta[]): Promise<void> {
    const now = Date.now();
    await this.store.db.transaction().execute(async (trx) => {
      for (const delta of batch) {
        await trx
          .insertInto('spend')
          .values({
            scope: delta.scope,
            scope_id: delta.scopeId,
            period: delta.period,
            period_start: delta.periodStart,
            spent_usd: delta.deltaUsd,
            alerted_at: delta.alerted ? now : null,
            updated_at: now,
          })
          .onConflict((conflict) =>
            conflict.columns(['scope', 'scope_id', 'period', 'period_start']).doUpdateSet({
              spent_usd: sql<number>`spend.spent_usd + excluded.spent_usd`,
              alerted_at: sql<number | null>`coalesce(spend.alerted_at, excluded.alerted_at)`,
              updated_at: now,
            }),
          )
          .execute();
      }
    });
  }
}
