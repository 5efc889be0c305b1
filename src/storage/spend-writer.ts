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

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(changes: SpendDelta[]): void {
    for (const change of changes) this.queue.push(change);
    this.flushing ??= this.flush().finally(() => {
      this.flushing = undefined;
    });
  }

  /** Waits for the running flush, then writes anything queued since. */
  async close(): Promise<void> {
    await this.flushing;
    await this.flush();
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
