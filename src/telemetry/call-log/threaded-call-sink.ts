import type { Worker } from 'node:worker_threads';
import { spawnThread } from '../../core/spawn-thread.js';
import type { BatchOutcome, CallBatchSink } from './call-batch-sink.js';
import {
  fromThreadError,
  type CallLogThreadData,
  type CallLogThreadReply,
  type CallLogThreadRequest,
} from './call-log-thread-messages.js';
import type { Store } from '../../storage/open-store.js';
import type { CallRecord } from './call-record.js';
import { enforceRetention, type RetentionOptions } from './enforce-retention.js';

interface Waiter {
  resolve: (outcome: BatchOutcome | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes batches in a worker thread with its own connection to the SQLite file: better-sqlite3
 * is synchronous, and a 200-call batch held the event loop 12–20 ms (docs/benchmarks.md), the
 * p99 of every request that arrived meanwhile. The thread starts with the first batch and exits
 * after 10 s without one, so an idle gateway does not carry its heap (isolate, modules, connection,
 * a young generation of up to 16 MB); it is started again if it dies. The process is kept alive
 * only while a batch is in flight. Retention (a few statements every 10 minutes) runs on the
 * gateway's own connection, so it never starts the thread.
 */
export class ThreadedCallSink implements CallBatchSink {
  readonly #store: Store;
  readonly #data: CallLogThreadData;
  readonly #pending = new Map<number, Waiter>();
  readonly #idleExitMs: number;
  #worker: Worker | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #nextId = 1;

  /** `idleExitMs`: how long the thread may sit without a batch before it exits (tests shorten it). */
  constructor(store: Store, bodyCapBytes: number, idleExitMs = 10_000) {
    this.#store = store;
    this.#idleExitMs = idleExitMs;
    this.#data = { file: store.location, bodyCapBytes };
  }

  async write(records: readonly CallRecord[], nowMs: number): Promise<BatchOutcome> {
    const outcome = await this.#send((id) => ({ id, kind: 'write', records, nowMs }));
    if (outcome === undefined)
      throw new Error('call log: the writer thread answered a write without its outcome');
    return outcome;
  }

  /**
   * Drops whole old days and rollup rows through the gateway's connection. The thread may still
   * believe a dropped day exists: its next write there fails once, re-checks, and succeeds.
   */
  async enforceRetention(options: RetentionOptions, nowMs: number): Promise<void> {
    await enforceRetention(this.#store, options, nowMs);
  }

  async close(): Promise<void> {
    clearTimeout(this.#idleTimer);
    const worker = this.#worker;
    if (worker === undefined) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    await this.#send((id) => ({ id, kind: 'close' }));
    await exited;
  }

  #send(build: (id: number) => CallLogThreadRequest): Promise<BatchOutcome | undefined> {
    clearTimeout(this.#idleTimer);
    const worker = this.#worker ?? this.#start();
    const request = build(this.#nextId++);
    return new Promise((resolve, reject) => {
      this.#pending.set(request.id, { resolve, reject });
      // Shutdown waits for this batch: the thread must hold the process open until it answers.
      worker.ref();
      worker.postMessage(request);
    });
  }

  /** An idle thread closes its connection and exits; the next batch starts a new one. */
  #retire(worker: Worker): void {
    if (this.#worker !== worker || this.#pending.size > 0) return;
    this.#worker = undefined;
    worker.postMessage({ id: 0, kind: 'close' } satisfies CallLogThreadRequest);
  }

  #start(): Worker {
    const worker = spawnCallLogThread(this.#data);
    worker.unref();
    worker.on('message', (reply: CallLogThreadReply) => {
      const waiter = this.#pending.get(reply.id);
      if (waiter === undefined) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) {
        worker.unref();
        this.#idleTimer = setTimeout(() => this.#retire(worker), this.#idleExitMs);
        this.#idleTimer.unref();
      }
      if (reply.ok) waiter.resolve(reply.outcome);
      else waiter.reject(fromThreadError(reply.error));
    });
    worker.on('error', (error) => this.#lose(worker, error));
    worker.on('exit', (code) =>
      this.#lose(worker, new Error(`call log: the writer thread exited (code ${code})`)),
    );
    this.#worker = worker;
    return worker;
  }

  /** The thread is gone: its batches fail (the writer keeps and retries them) and the next one starts a new thread. */
  #lose(worker: Worker, error: unknown): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    for (const waiter of this.#pending.values()) waiter.reject(error);
    this.#pending.clear();
  }
}

/**
 * The thread's heap. A batch and what is built from it stay alive until its commit, so a young
 * generation of 6 MB copied and promoted most of a 200-call batch: the thread spent more CPU collecting
 * garbage than executing SQL. At 16 MB that collection costs half (cpu profiles, docs/benchmarks.md
 * "Optimisations (2026-12-04, evening)"). A bound on the old generation turns a runaway into a failed
 * (kept, retried) batch, not a swollen gateway.
 */
const threadLimits = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 };

function spawnCallLogThread(data: CallLogThreadData): Worker {
  return spawnThread(import.meta.url, 'call-log-thread', { workerData: data, resourceLimits: threadLimits });
}
