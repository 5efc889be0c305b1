import { sql } from 'kysely';
import type { QuotaUsageDelta, QuotaUsageSink } from '../policy/quota-ports.js';
import type { Store } from './open-store.js';

/**
 * Persists the requests admitted under quotas so a quota holds across restarts. The engine hands
 * a batch at most once a second (its spend timer) and at shutdown; each batch is written in one
 * transaction, one additive upsert per window, so several processes writing one store add up. A
 * failed write keeps its changes and is retried with the next batch; `close()` writes what is left.
 */
export class QuotaUsageWriter implements QuotaUsageSink {
  private pending: QuotaUsageDelta[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(changes: QuotaUsageDelta[]): void {
    this.pending.push(...changes);
    this.writing ??= this.flush().finally(() => {
      this.writing = undefined;
    });
  }

  /** Writes everything queued; throws (naming what is lost) when the store refuses twice. */
  async close(): Promise<void> {
    await this.writing;
    for (let attempt = 0; attempt < 2 && this.pending.length > 0; attempt++) await this.flush();
    if (this.pending.length > 0) {
      const requests = this.pending.reduce((sum, change) => sum + change.requests, 0);
      this.pending = [];
      throw new Error(`${requests} quota requests could not be written`);
    }
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.write(batch);
      } catch (error) {
        this.pending = batch.concat(this.pending);
        this.onError(error);
        return;
      }
    }
  }

  private async write(batch: readonly QuotaUsageDelta[]): Promise<void> {
    const now = Date.now();
    await this.store.db.transaction().execute(async (trx) => {
      for (const delta of batch) {
        await trx
          .insertInto('quota_usage')
          .values({
            scope: delta.scope,
            scope_id: delta.scopeId,
            period: delta.period,
            period_start: delta.periodStart,
            requests: delta.requests,
            updated_at: now,
          })
          .onConflict((conflict) =>
            conflict.columns(['scope', 'scope_id', 'period', 'period_start']).doUpdateSet({
              requests: sql<number>`quota_usage.requests + excluded.requests`,
              updated_at: now,
            }),
          )
          .execute();
      }
    });
  }
}
