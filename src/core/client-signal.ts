/**
 * What the pipeline needs of an abort signal: a flag, a reason and `abort` listeners. An
 * `AbortSignal` has this shape, so tests and callers outside a request can pass one.
 */
export interface AbortWatch {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The client's disconnect, one per data-plane request. Nearly every request ends without it, yet
 * an `AbortController` per request and node's `EventTarget` listeners on it cost about 3% of the
 * gateway's CPU (docs/benchmarks.md, "Optimisations (2026-12-04, afternoon)"): this keeps a plain
 * list. Listeners run once, in the order they were added; one added after the abort never runs,
 * as with `AbortSignal`.
 */
export class ClientSignal implements AbortWatch {
  aborted = false;
  reason: unknown = undefined;
  #listeners: (() => void)[] | undefined;

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    if (this.#listeners === undefined) this.#listeners = [listener];
    else this.#listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.#listeners;
    if (listeners === undefined) return;
    const index = listeners.indexOf(listener);
    if (index !== -1) listeners.splice(index, 1);
  }

  /** Marks the client gone and runs every listener; a listener's error is rethrown after all ran. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.#listeners ?? [];
    this.#listeners = undefined;
    let failure: { error: unknown } | undefined;
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  }
}

/** Waits `ms`, or rejects with an `AbortError` as soon as `watch` aborts (as `timers/promises` sleep does). */
export function sleepUnlessAborted(ms: number, watch: AbortWatch): Promise<void> {
  if (watch.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      watch.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    watch.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error an abort rejects with: named `AbortError`, as node's own. */
export function abortError(): Error {
  return Object.assign(new Error('The request was aborted.'), { name: 'AbortError' });
}
