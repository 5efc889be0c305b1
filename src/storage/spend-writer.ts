import { sql } from 'kysely';
import type { SpendDelta, SpendSink } from '../policy/spend-ports.js';
import type { Store } from './open-store.js';

/** How long spend waits in memory before it is written; also what a crash can lose. */
const flushDelayMs = 1_000;

/**
 * Persists settled spend so budgets survive restarts and a budget created mid-period starts
 * from what was already spent. Changes are merged per (scope, id, period window) in memory and
 * written at most once a second, one upsert per window, in one transaction; a failed write
 * keeps its changes and tries again. `close()` writes what is left.
 */
export class SpendWriter implements SpendSink {
  private pending = new Map<string, SpendDelta>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(changes: SpendDelta[]): void {
    for (const change of changes) merge(this.pending, change);
    this.schedule();
  }

  /**
   * Writes everything queued, trying three times. Throws (naming the unwritten amount) when the
   * store stays unreachable, so shutdown says what is lost.
   */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    for (let attempt = 0; attempt < 3 && this.pending.size > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 500));
      await this.flush();
    }
    clearTimeout(this.timer);
    if (this.pending.size > 0) {
      const usd = [...this.pending.values()].reduce((sum, delta) => sum + delta.deltaUsd, 0);
      throw new Error(`${this.pending.size} spend changes (${usd.toFixed(6)} USD) could not be written`);
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
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.write(batch);
    } catch (error) {
      for (const change of batch) merge(this.pending, change);
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

function merge(pending: Map<string, SpendDelta>, change: SpendDelta): void {
  const key = `${change.scope} ${change.scopeId} ${change.period} ${change.periodStart}`;
  const existing = pending.get(key);
  if (existing === undefined) pending.set(key, { ...change });
  else {
    existing.deltaUsd += change.deltaUsd;
    existing.alerted ||= change.alerted;
  }
}
