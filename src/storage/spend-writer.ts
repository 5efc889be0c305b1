import { sql } from 'kysely';
import type { SpendDelta, SpendSink } from '../policy/spend-ports.js';
import type { Store } from './open-store.js';

/**
 * Persists settled spend so budgets survive a restart: deltas are queued (the engine calls
 * `record` off the request path) and added to the `spend` rows in one transaction per flush.
 * A failed flush keeps its deltas for the next one; `close()` flushes what is left.
 */
export class SpendWriter implements SpendSink {
  private queue: SpendDelta[] = [];
  private flushing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(changes: SpendDelta[]): void {
    for (const change of changes) this.queue.push(change);
    this.start();
  }

  /**
   * Waits for the running flush, then writes anything queued since, trying three times. Throws
   * (naming the unwritten amount) when the store stays unreachable, so shutdown says what is lost.
   */
  async close(): Promise<void> {
    clearTimeout(this.retryTimer);
    await this.flushing;
    for (let attempt = 0; attempt < 3 && this.queue.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 500));
      await this.flush();
    }
    clearTimeout(this.retryTimer);
    if (this.queue.length > 0) {
      const usd = this.queue.reduce((sum, delta) => sum + delta.deltaUsd, 0);
      throw new Error(`${this.queue.length} spend changes (${usd.toFixed(6)} USD) could not be written`);
    }
  }

  private start(): void {
    this.flushing ??= this.flush().finally(() => {
      this.flushing = undefined;
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.write(batch);
      } catch (error) {
        this.queue = batch.concat(this.queue);
        this.onError(error);
        // Retry on a timer too, not only when more spend arrives.
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.start(), 1_000);
        this.retryTimer.unref();
        return;
      }
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
