import type { Store } from '../../storage/open-store.js';
import type { BatchOutcome, CallBatchSink } from './call-batch-sink.js';
import { callLogDatabase } from './call-log-database.js';
import type { CallRecord } from './call-record.js';
import { DimensionCache } from './dimension-cache.js';
import { enforceRetention, type RetentionOptions } from './enforce-retention.js';
import { prepareCall, writeCallBatch, type BatchCaches, type PreparedCall } from './write-call-batch.js';

/** Writes batches through the given store on the calling thread, keeping the dimension and partition caches. */
export class InlineCallSink implements CallBatchSink {
  readonly #store: Store;
  readonly #bodyCapBytes: number;
  readonly #caches: BatchCaches = { dimensions: new DimensionCache(), partitions: new Set() };

  constructor(store: Store, bodyCapBytes: number) {
    this.#store = store;
    this.#bodyCapBytes = bodyCapBytes;
  }

  async write(records: readonly CallRecord[], nowMs: number): Promise<BatchOutcome> {
    const batch: PreparedCall[] = [];
    const malformed: string[] = [];
    for (const record of records) {
      try {
        batch.push(prepareCall(record, this.#bodyCapBytes));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        malformed.push(`call log: malformed call ${String(record.requestId)} dropped: ${reason}`);
      }
    }
    if (batch.length === 0) return { written: 0, malformed };
    // SQLite writes block the loop and kysely's awaits are microtasks: let sockets run between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      await writeCallBatch(callLogDatabase(this.#store), this.#store.dialect, batch, this.#caches, nowMs);
    } catch (error) {
      // A partition may have been dropped under us; re-check them on the retry.
      this.#caches.partitions.clear();
      throw error;
    }
    return { written: batch.length, malformed };
  }

  async enforceRetention(options: RetentionOptions, nowMs: number): Promise<void> {
    const { droppedDays } = await enforceRetention(this.#store, options, nowMs);
    for (const day of droppedDays) this.#caches.partitions.delete(day);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
