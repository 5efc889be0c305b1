import type { Store } from '../../storage/open-store.js';
import type { CallBatchSink } from './call-batch-sink.js';
import type { CallRecord } from './call-record.js';
import { defaultRetention, type RetentionOptions } from './enforce-retention.js';
import { InlineCallSink } from './inline-call-sink.js';
import { ThreadedCallSink } from './threaded-call-sink.js';

/** Options of the call-log writer; every field but `onError` has a default. */
export interface CallLogWriterOptions {
  /** How often queued calls are written, in milliseconds; also the crash-loss window. Default 1000. */
  flushIntervalMs?: number;
  /**
   * Most calls per batch (one transaction each); capped at 10,000. A full batch is written at once.
   * Default 200 where a batch is written in the event loop (PostgreSQL's query building, SQLite
   * without a thread): smaller batches keep every request's stall to a few milliseconds. Default
   * 500 in the writer thread, where the event loop only hands records over: each commit has a
   * fixed cost (rollup upserts, partition count, WAL pages of every index), and at 200 calls a
   * batch the thread spent 14.7–16.7 µs per call against 10.7–10.8 at 500 or 1,000
   * (docs/benchmarks.md "Optimisations (2026-12-04, evening)").
   */
  maxBatch?: number;
  /**
   * Write SQLite batches in a worker thread with its own connection, so a commit never blocks
   * the event loop. Default: on for SQLite files; `:memory:` (one connection) and PostgreSQL
   * (asynchronous driver) always write in the event loop.
   */
  writeInThread?: boolean;
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
  readonly #sink: CallBatchSink;
  readonly #flushIntervalMs: number;
  readonly #maxBatch: number;
  readonly #highWaterMark: number;
  readonly #retention: RetentionOptions;
  readonly #retentionIntervalMs: number;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;
  readonly #timer: NodeJS.Timeout;
  #queue: CallRecord[] = [];
  #retry: CallRecord[] | undefined;
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
    this.#sink = chooseSink(store, options);
    this.#flushIntervalMs = options.flushIntervalMs ?? 1_000;
    const defaultBatch = this.#sink instanceof ThreadedCallSink ? 500 : 200;
    this.#maxBatch = Math.min(10_000, Math.max(1, options.maxBatch ?? defaultBatch));
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
          await this.#sink.close();
          return;
        } catch (error) {
          lastError = error;
          await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
        }
      }
      await this.#sink.close().catch((error: unknown) => this.#report(error));
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
      let batch: CallRecord[];
      if (this.#retry !== undefined) {
        batch = this.#retry;
        this.#retry = undefined;
      } else {
        if (this.#queue.length === 0) return;
        batch = this.#take();
      }
      remaining -= batch.length;
      this.#inFlight = batch.length;
      try {
        const outcome = await this.#sink.write(batch, this.#now());
        for (const message of outcome.malformed) this.#drop(new Error(message));
        this.#written += outcome.written;
        this.#batches += 1;
      } catch (error) {
        this.#retry = batch;
        this.#failedBatches += 1;
        this.#report(error);
        throw error;
      } finally {
        this.#inFlight = 0;
      }
    }
  }

  #take(): CallRecord[] {
    if (this.#queue.length <= this.#maxBatch) {
      const records = this.#queue;
      this.#queue = [];
      return records;
    }
    return this.#queue.splice(0, this.#maxBatch);
  }

  async #retentionIfDue(): Promise<void> {
    const now = this.#now();
    if (this.#retentionIntervalMs <= 0 || now - this.#lastRetentionAt < this.#retentionIntervalMs) return;
    this.#lastRetentionAt = now;
    try {
      await this.#sink.enforceRetention(this.#retention, now);
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

function chooseSink(store: Store, options: CallLogWriterOptions): CallBatchSink {
  const bodyCapBytes = options.bodyCapBytes ?? 16_384;
  const sqliteFile = store.dialect === 'sqlite' && store.location !== ':memory:';
  if (options.writeInThread === true && !sqliteFile) {
    throw new Error(`call log: writeInThread needs a SQLite file store, not ${store.location}`);
  }
  if (options.writeInThread ?? sqliteFile) return new ThreadedCallSink(store, bodyCapBytes);
  return new InlineCallSink(store, bodyCapBytes);
}
