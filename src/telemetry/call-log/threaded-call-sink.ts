import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchOutcome, CallBatchSink } from './call-batch-sink.js';
import type {
  CallLogThreadData,
  CallLogThreadReply,
  CallLogThreadRequest,
} from './call-log-thread-messages.js';
import type { CallRecord } from './call-record.js';
import type { RetentionOptions } from './enforce-retention.js';

interface Waiter {
  resolve: (outcome: BatchOutcome | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes batches in a worker thread with its own connection to the SQLite file: better-sqlite3
 * is synchronous, and a 200-call batch held the event loop 12–20 ms (docs/benchmarks.md), the
 * p99 of every request that arrived meanwhile. The thread starts with the first batch (idle
 * gateways pay nothing) and is started again if it dies; the process is kept alive only while a
 * batch is in flight.
 */
export class ThreadedCallSink implements CallBatchSink {
  readonly #data: CallLogThreadData;
  readonly #pending = new Map<number, Waiter>();
  #worker: Worker | undefined;
  #nextId = 1;

  constructor(file: string, bodyCapBytes: number) {
    this.#data = { file, bodyCapBytes };
  }

  async write(records: readonly CallRecord[], nowMs: number): Promise<BatchOutcome> {
    const outcome = await this.#send((id) => ({ id, kind: 'write', records, nowMs }));
    if (outcome === undefined)
      throw new Error('call log: the writer thread answered a write without its outcome');
    return outcome;
  }

  async enforceRetention(options: RetentionOptions, nowMs: number): Promise<void> {
    await this.#send((id) => ({ id, kind: 'retention', options, nowMs }));
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    if (worker === undefined) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    await this.#send((id) => ({ id, kind: 'close' }));
    await exited;
  }

  #send(build: (id: number) => CallLogThreadRequest): Promise<BatchOutcome | undefined> {
    const worker = this.#worker ?? this.#start();
    const request = build(this.#nextId++);
    return new Promise((resolve, reject) => {
      this.#pending.set(request.id, { resolve, reject });
      // Shutdown waits for this batch: the thread must hold the process open until it answers.
      worker.ref();
      worker.postMessage(request);
    });
  }

  #start(): Worker {
    const worker = spawnCallLogThread(this.#data);
    worker.unref();
    worker.on('message', (reply: CallLogThreadReply) => {
      const waiter = this.#pending.get(reply.id);
      if (waiter === undefined) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      if (reply.ok) waiter.resolve(reply.outcome);
      else waiter.reject(reply.error);
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
 * The thread's heap: its garbage is one batch at a time, and V8's default young generation
 * (16 MB semi-spaces) added about 50 MB to the gateway's RSS under load (measured).
 */
const threadLimits = { maxYoungGenerationSizeMb: 6, maxOldGenerationSizeMb: 256 };

function spawnCallLogThread(data: CallLogThreadData): Worker {
  if (fileURLToPath(import.meta.url).endsWith('.ts')) {
    // Running from source (tests, `npm run dev`): Node 20 cannot load .ts, so the thread loads its entry through tsx.
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./call-log-thread.ts', import.meta.url).href;
    const code = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
    return new Worker(code, { eval: true, workerData: data, resourceLimits: threadLimits });
  }
  return new Worker(new URL('./call-log-thread.js', import.meta.url), {
    workerData: data,
    resourceLimits: threadLimits,
  });
}
