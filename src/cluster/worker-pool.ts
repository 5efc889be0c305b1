import cluster, { type Worker } from 'node:cluster';
import { toGatewayError } from '../core/gateway-error.js';
import type { CallAccountant } from '../pipeline/account/call-accountant.js';
import type { Admission } from '../policy/admission.js';
import type { PolicyEngine } from '../policy/policy-engine.js';
import type { Logger } from '../telemetry/create-logger.js';
import { BatchedSender } from './batched-sender.js';
import { isClusterBatch, type PrimaryItem, type RefusalWire, type WorkerItem } from './cluster-messages.js';

interface WorkerState {
  readonly worker: Worker;
  readonly sender: BatchedSender<PrimaryItem>;
  /** Admissions reserved for this worker's calls and not yet settled, by ticket. */
  readonly admissions: Map<number, Admission>;
  nextTicket: number;
  inFlight: number;
  /** Set once it listens; before that it has no requests and may not hear messages yet. */
  serving: boolean;
  /** Forked to replace a worker that died (not one of the first N). */
  readonly replacement: boolean;
}

const reloadTimeoutMs = 5_000;

/**
 * The cluster primary's workers: forks them, answers their admissions from the one PolicyEngine,
 * books their finished calls through the one CallAccountant, replaces a worker that dies and
 * drains them all on shutdown. Protocol: cluster-messages.ts; design: docs/decisions/0007-workers.md.
 */
export class WorkerPool {
  private readonly states = new Map<number, WorkerState>();
  private stopping = false;
  private nextReload = 1;
  private readonly reloadWaiters = new Map<number, { missing: Set<number>; done: () => void }>();
  private listening:
    { resolve(address: { host: string; port: number }): void; reject(error: Error): void } | undefined;
  private started = false;

  constructor(
    private readonly size: number,
    private readonly policy: PolicyEngine,
    private readonly accountant: CallAccountant,
    private readonly logger: Logger,
    /** The data plane's bind address, passed to every worker as `--host` (workers load the config themselves). */
    private readonly host: string,
  ) {}

  /**
   * Forks the workers; resolves with the data plane's bound address once every one listens,
   * rejects when a worker dies before all listened (a port in use, a broken store: forking again
   * would loop).
   */
  start(): Promise<{ host: string; port: number }> {
    const listening = new Promise<{ host: string; port: number }>(
      (resolve, reject) => (this.listening = { resolve, reject }),
    );
    // The last --host wins: workers bind where the primary decided (chooseBindHost), keys or not.
    cluster.setupPrimary({ args: [...process.argv.slice(2), '--host', this.host] });
    for (let index = 0; index < this.size; index += 1) this.fork(false);
    return listening;
  }

  /** Start-up finished: every worker, and each one forked later once it listens, reports ready. */
  markStarted(): void {
    this.started = true;
    for (const state of this.states.values()) if (state.serving) state.sender.push({ type: 'ready' });
  }

  get count(): number {
    return this.states.size;
  }

  inFlight(): number {
    let total = 0;
    for (const state of this.states.values()) total += state.inFlight;
    return total;
  }

  /** Makes every worker reload governance now; resolves when all did (or after 5 s). */
  reloadAll(): Promise<void> {
    if (this.states.size === 0) return Promise.resolve();
    const id = this.nextReload++;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.reloadWaiters.delete(id);
        this.logger.warn({ reload: id }, 'a worker did not confirm a governance reload within 5 s');
        resolve();
      }, reloadTimeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.reloadWaiters.delete(id);
        resolve();
      };
      this.reloadWaiters.set(id, { missing: new Set(this.states.keys()), done });
      for (const state of this.states.values()) state.sender.push({ type: 'reload', id });
    });
  }

  /**
   * Asks every worker to drain and waits until all exited; by then every call they served was
   * booked here (IPC keeps order: their `finish` items arrive before their exit).
   */
  async drain(graceMs: number): Promise<void> {
    this.stopping = true;
    const exits = [...this.states.values()].map(
      (state) =>
        new Promise<void>((resolve) => {
          state.worker.once('exit', () => resolve());
          // A worker still starting has served nothing and would miss the message: stop it.
          if (!state.serving) {
            state.worker.process.kill('SIGKILL');
            return;
          }
          state.sender.push({ type: 'drain', graceMs });
          // A worker that hangs past its grace plus the cut-off time is stopped.
          setTimeout(() => state.worker.process.kill('SIGKILL'), graceMs + 10_000).unref();
        }),
    );
    await Promise.all(exits);
  }

  private fork(replacement: boolean): void {
    const worker = cluster.fork();
    const state: WorkerState = {
      worker,
      sender: new BatchedSender((batch, done) => {
        if (!worker.isConnected()) done(new Error('worker gone'));
        else worker.send(batch, undefined, done);
      }),
      admissions: new Map(),
      nextTicket: 1,
      inFlight: 0,
      serving: false,
      replacement,
    };
    this.states.set(worker.id, state);
    worker.on('message', (message: unknown) => {
      if (isClusterBatch<WorkerItem>(message)) for (const item of message.portico) this.receive(state, item);
    });
    worker.on('exit', (code, signal) => this.exited(state, code, signal));
  }

  private receive(state: WorkerState, item: WorkerItem): void {
    switch (item.type) {
      case 'admit':
        try {
          const admission = this.policy.admit(item.request, Date.now());
          const ticket = state.nextTicket++;
          state.admissions.set(ticket, admission);
          const headers: Record<string, string> = {};
          admission.addHeaders(headers);
          state.sender.push({ type: 'admitted', id: item.id, ticket, headers });
        } catch (error) {
          state.sender.push({ type: 'refused', id: item.id, error: toRefusalWire(error) });
        }
        return;
      case 'finish': {
        let admission: Admission | undefined;
        if (item.ticket !== null) {
          admission = state.admissions.get(item.ticket);
          state.admissions.delete(item.ticket);
        }
        this.accountant.finish(item.record, admission, state.worker.id);
        return;
      }
      case 'reloaded': {
        const waiter = this.reloadWaiters.get(item.id);
        waiter?.missing.delete(state.worker.id);
        if (waiter?.missing.size === 0) waiter.done();
        return;
      }
      case 'in-flight':
        state.inFlight = item.count;
        return;
      case 'listening':
        state.serving = true;
        if (this.started) state.sender.push({ type: 'ready' });
        if (state.replacement) this.logger.info({ worker: state.worker.id }, 'a new worker is serving');
        // Ready means every listener is up: the first start resolves once all workers listen.
        if ([...this.states.values()].filter((other) => other.serving).length >= this.size) {
          this.listening?.resolve({ host: item.host, port: item.port });
          this.listening = undefined;
        }
        return;
      case 'drained':
        return;
    }
  }

  private exited(state: WorkerState, code: number | null, signal: string | null): void {
    this.states.delete(state.worker.id);
    // Calls of a dead worker will never finish: give their reservations back, with no usage known.
    for (const admission of state.admissions.values())
      this.policy.settle(admission, { tokens: 0, costUsd: 0 });
    state.admissions.clear();
    for (const waiter of this.reloadWaiters.values()) {
      waiter.missing.delete(state.worker.id);
      if (waiter.missing.size === 0) waiter.done();
    }
    if (this.stopping) return;
    if (this.listening !== undefined) {
      this.stopping = true;
      for (const other of this.states.values()) other.worker.process.kill('SIGKILL');
      this.listening.reject(
        Object.assign(
          new Error(`a worker exited (code ${code}, signal ${signal}) before serving; its error is above`),
          { code: 'ERR_WORKER_START' },
        ),
      );
      this.listening = undefined;
      return;
    }
    this.logger.error({ worker: state.worker.id, code, signal }, 'a worker died; starting a new one');
    this.fork(true);
  }
}

function toRefusalWire(error: unknown): RefusalWire {
  const refusal = toGatewayError(error);
  return {
    code: refusal.code,
    message: refusal.message,
    ...(refusal.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: refusal.retryAfterSeconds }),
    ...(refusal.headers === undefined ? {} : { headers: refusal.headers }),
  };
}
