import type { Store } from '../../storage/open-store.js';
import { callLogDatabase } from './call-log-database.js';
import type { CallRecord } from './call-record.js';
import { DimensionCache } from './dimension-cache.js';
import { defaultRetention, enforceRetention, type RetentionOptions } from './enforce-retention.js';
import { prepareCall, writeCallBatch, type BatchCaches, type PreparedCall } from './write-call-batch.js';

/** Options of the call-log writer; every field but `onError` has a default. */
export interface CallLogWriterOptions {
  /** How often queued calls are written, in milliseconds; also the crash-loss window. Default 1000. */
  flushIntervalMs?: number;
  /**
   * Most calls per batch (one transaction each); capped at 10,000. A full batch is written at once.
   * Default 200: on SQLite a batch blocks the event loop while it is written (about 25-35 µs a
   * call), so smaller batches keep every request's stall to a few milliseconds.
   */
  maxBatch?: number;
  /** Largest stored request or response body, in UTF-8 bytes, before the truncation marker. Default 16384. */
  bodyCapBytes?: number;
  /**
   * Most calls held in memory waiting for the store. Past it new calls are dropped, counted in
   * `stats().dropped` and reported through `onError` (first drop, then every 10,000th). Default 200,000.
   */
  highWaterMark?: number;
  /** Bounds enforced every `retentionIntervalMs`. Default `defaultRetention` (30 days, 10M rows, rollups). */
  retention?: RetentionOptions;
  /** How often retention runs, in milliseconds; 0 never. Default 600,000 (first run on the first tick). */
  retentionIntervalMs?: number;
  /** The clock, epoch ms (tests). Default `Date.now`. */
  now?: () => number;
  /** Told about every failed batch (kept and retried), retention failure and dropped call. Must not throw. */
  onError: (error: unknown) => void;
}

/** Counters of a writer since it started. */
export interface CallLogWriterStats {
  /** Calls waiting: in the queue, in the batch being written, or kept after a failure. */
  queued: number;
  /** Calls committed to the store. */
  written: number;
  /** Batches (transactions) committed. */
  batches: number;
  /** Batch attempts that failed (their calls were kept and retried). */
  failedBatches: number;
  /** Calls dropped: past the high-water mark, recorded after close, or malformed. */
  dropped: number;
}

const dropReportEvery = 10_000;

/**
 * Records every data-plane call off the request path: `record` only queues; a timer writes
 * batches (one transaction each), a failed batch is kept and retried, `close` writes everything.
 * See docs/call-log.md for the crash-loss window and the bounds.
 */
export class CallLogWriter {
  readonly #store: Store;
  readonly #flushIntervalMs: number;
  readonly #maxBatch: number;
  readonly #bodyCapBytes: number;
  readonly #highWaterMark: number;
  readonly #retention: RetentionOptions;
  readonly #retentionIntervalMs: number;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;
  readonly #caches: BatchCaches = { dimensions: new DimensionCache(), partitions: new Set() };
  readonly #timer: NodeJS.Timeout;
  #queue: CallRecord[] = [];
  #retry: PreparedCall[] | undefined;
  #inFlight = 0;
  #chain: Promise<void> = Promise.resolve();
  #ticking = false;
  #closed = false;
  #closing: Promise<void> | undefined;
  #lastRetentionAt = Number.NEGATIVE_INFINITY;
  #written = 0;
  #batches = 0;
  #failedBatches = 0;
  #dropped = 0;

  constructor(store: Store, options: CallLogWriterOptions) {
    this.#store = store;
    this.#flushIntervalMs = options.flushIntervalMs ?? 1_000;
    this.#maxBatch = Math.min(10_000, Math.max(1, options.maxBatch ?? 200));
    this.#bodyCapBytes = options.bodyCapBytes ?? 16_384;
    this.#highWaterMark = options.highWaterMark ?? 200_000;
    this.#retention = options.retention ?? defaultRetention;
    this.#retentionIntervalMs = options.retentionIntervalMs ?? 600_000;
    this.#now = options.now ?? (() => Date.now());
    this.#onError = options.onError;
    this.#timer = setInterval(() => this.#tick(), this.#flushIntervalMs);
    this.#timer.unref();
  }

  /** Queues one call. Synchronous and O(1); never throws, never waits (redaction happens at flush). */
  record(call: CallRecord): void {
    try {
      if (this.#closed) {
        this.#drop(new Error(`call log: call ${call.requestId} recorded after close; dropped`));
        return;
      }
      if (this.#queue.length >= this.#highWaterMark) {
        this.#drop(
          new Error(
            `call log: ${this.#queue.length} calls waiting for the store (high-water mark ${this.#highWaterMark}); dropping new calls`,
          ),
        );
        return;
      }
      this.#queue.push(call);
      if (this.#queue.length === this.#maxBatch) this.#tick();
    } catch (error) {
      this.#report(error);
    }
  }

  /**
   * Writes every call queued now (and a kept failed batch). Rejects with the store's error when a
   * batch fails; that batch stays queued for the next attempt.
   */
  flush(): Promise<void> {
    const run = this.#chain.then(() => this.#drain());
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Stops the timer and writes everything queued, waiting for a write in flight. Tries three
   * times; then rejects saying how many calls were not written. Later `record` calls are dropped.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      clearInterval(this.#timer);
      let lastError: unknown;
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await this.flush();
          return;
        } catch (error) {
          lastError = error;
          await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
        }
      }
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`call log: ${this.stats().queued} calls could not be written on close: ${reason}`, {
        cause: lastError,
      });
    })();
    return this.#closing;
  }

  stats(): CallLogWriterStats {
    return {
      queued: this.#queue.length + this.#inFlight + (this.#retry?.length ?? 0),
      written: this.#written,
      batches: this.#batches,
      failedBatches: this.#failedBatches,
      dropped: this.#dropped,
    };
  }

  /** Timer (and full-batch) work: write until less than a batch waits, then retention when due. */
  #tick(): void {
    if (this.#ticking || this.#closed) return;
    this.#ticking = true;
    const run = this.#chain.then(async () => {
      try {
        do await this.#drain();
        while (this.#queue.length >= this.#maxBatch && !this.#closed);
        await this.#retentionIfDue();
      } finally {
        this.#ticking = false;
      }
    });
    this.#chain = run.catch(() => undefined);
  }

  async #drain(): Promise<void> {
    // Only what is queued now, so a flush under sustained load still ends.
    let remaining = this.#queue.length + (this.#retry?.length ?? 0);
    while (remaining > 0) {
      let batch: PreparedCall[];
      if (this.#retry !== undefined) {
        batch = this.#retry;
        this.#retry = undefined;
        remaining -= batch.length;
      } else {
        if (this.#queue.length === 0) return;
        remaining -= Math.min(this.#queue.length, this.#maxBatch);
        batch = this.#take();
      }
      if (batch.length === 0) continue;
      // SQLite writes block the loop and kysely's awaits are microtasks: let sockets run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.#inFlight = batch.length;
      try {
        await writeCallBatch(
          callLogDatabase(this.#store),
          this.#store.dialect,
          batch,
          this.#caches,
          this.#now(),
        );
        this.#written += batch.length;
        this.#batches += 1;
      } catch (error) {
        this.#retry = batch;
        this.#failedBatches += 1;
        // A partition may have been dropped under us; re-check them on the retry.
        this.#caches.partitions.clear();
        this.#report(error);
        throw error;
      } finally {
        this.#inFlight = 0;
      }
    }
  }

  #take(): PreparedCall[] {
    let records: CallRecord[];
    if (this.#queue.length <= this.#maxBatch) {
      records = this.#queue;
      this.#queue = [];
    } else {
      records = this.#queue.splice(0, this.#maxBatch);
    }
    const batch: PreparedCall[] = [];
    for (const record of records) {
      try {
        batch.push(prepareCall(record, this.#bodyCapBytes));
      } catch (error) {
        this.#drop(
          new Error(`call log: malformed call ${String(record.requestId)} dropped`, { cause: error }),
        );
      }
    }
    return batch;
  }

  async #retentionIfDue(): Promise<void> {
    const now = this.#now();
    if (this.#retentionIntervalMs <= 0 || now - this.#lastRetentionAt < this.#retentionIntervalMs) return;
    this.#lastRetentionAt = now;
    try {
      const { droppedDays } = await enforceRetention(this.#store, this.#retention, now);
      for (const day of droppedDays) this.#caches.partitions.delete(day);
    } catch (error) {
      this.#report(error);
    }
  }

  #drop(error: Error): void {
    this.#dropped += 1;
    if (this.#dropped === 1 || this.#dropped % dropReportEvery === 0) {
      this.#report(new Error(`${error.message} (${this.#dropped} dropped so far)`, { cause: error.cause }));
    }
  }

  #report(error: unknown): void {
    try {
      this.#onError(error);
    } catch {
      // The sink is the last resort; a failing sink must not break the writer.
    }
  }
}
