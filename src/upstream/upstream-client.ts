import { Agent, type Dispatcher } from 'undici';
import { abortError, type AbortWatch } from '../core/client-signal.js';
import type { UpstreamTimeouts } from './upstream-timeouts.js';
import type { UpstreamRequest } from './upstream-request.js';
import { UpstreamBody } from './upstream-body.js';
import { transportFailure } from './upstream-failure.js';

/** A started upstream call: status and headers are in; the body is still arriving. */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: UpstreamBody;
  /** Stops the total-timeout timer; call once the body is fully read or abandoned. */
  finish(): void;
  /** True once the total timeout has fired. */
  timedOut(): boolean;
}

/**
 * The only code that opens connections to providers: one keep-alive undici Agent per provider,
 * with its connect timeout; per-call header, idle and total timeouts; aborts on client disconnect.
 * Calls go through undici's `dispatch` with a handler of ours rather than `request()`, which
 * wraps every answer in a Readable stream and every call in an AbortSignal (see UpstreamBody).
 */
export class UpstreamClient {
  private readonly agents = new Map<string, Agent>();

  /** Starts a call; throws GatewayError (unavailable / timeout) when no response headers arrive. */
  call(
    providerId: string,
    upstreamRequest: UpstreamRequest,
    timeouts: UpstreamTimeouts,
    clientSignal: AbortWatch,
  ): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      const call = new UpstreamCall(providerId, timeouts.totalMs, clientSignal, resolve, reject);
      const { origin, path } = splitUrl(upstreamRequest.url);
      try {
        this.agentFor(providerId, timeouts.connectMs).dispatch(
          {
            origin,
            path,
            method: upstreamRequest.method,
            headers: upstreamRequest.headers,
            body: upstreamRequest.body ?? null,
            headersTimeout: timeouts.firstByteMs,
            bodyTimeout: timeouts.idleMs,
          },
          call,
        );
      } catch (error) {
        call.onResponseError(undefined, error as Error);
      }
    });
  }

  /** Closes every pooled connection (at shutdown, after in-flight calls are done). */
  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.close()));
    this.agents.clear();
  }

  private agentFor(providerId: string, connectMs: number): Agent {
    let agent = this.agents.get(providerId);
    if (agent === undefined) {
      agent = new Agent({
        connect: { timeout: connectMs },
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
      });
      this.agents.set(providerId, agent);
    }
    return agent;
  }
}

/**
 * One call's undici handler: resolves with the status and headers, then feeds the body. The
 * total timeout and the client's disconnect abort it, before or after the answer started.
 */
class UpstreamCall implements Dispatcher.DispatchHandler {
  readonly #body = new UpstreamBody();
  readonly #timer: NodeJS.Timeout;
  #timedOut = false;
  /** Until the answer starts: settle the caller's promise (then undefined). */
  #resolve: ((response: UpstreamResponse) => void) | undefined;
  #reject: ((error: Error) => void) | undefined;

  constructor(
    private readonly providerId: string,
    totalMs: number,
    private readonly clientSignal: AbortWatch,
    resolve: (response: UpstreamResponse) => void,
    reject: (error: Error) => void,
  ) {
    this.#resolve = resolve;
    this.#reject = reject;
    this.#timer = setTimeout(this.#onTimeout, totalMs);
    if (clientSignal.aborted) this.#abort(clientSignal.reason);
    else clientSignal.addEventListener('abort', this.#onClientAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#body.attach(controller);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return; // 1xx: informational, the answer follows
    const resolve = this.#resolve;
    this.#resolve = undefined;
    this.#reject = undefined;
    resolve?.({
      status: statusCode,
      headers,
      body: this.#body,
      finish: this.#finish,
      timedOut: () => this.#timedOut,
    });
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#body.push(chunk);
  }

  onResponseEnd(): void {
    this.#body.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    const reject = this.#reject;
    if (reject === undefined) {
      this.#body.fail(error);
      return;
    }
    this.#resolve = undefined;
    this.#reject = undefined;
    this.#finish();
    reject(transportFailure(error, this.providerId, this.#timedOut));
  }

  readonly #finish = (): void => {
    clearTimeout(this.#timer);
    this.clientSignal.removeEventListener('abort', this.#onClientAbort);
  };

  readonly #onTimeout = (): void => {
    this.#timedOut = true;
    this.#abort(timeoutError());
  };

  readonly #onClientAbort = (): void => {
    this.#abort(this.clientSignal.reason);
  };

  /** Before the answer started the caller hears at once; undici is told when the request starts. */
  #abort(reason: unknown): void {
    const error = reason instanceof Error ? reason : abortError();
    // Fails the body and aborts undici's request (at once, or when it starts) ...
    this.#body.destroy(error);
    // ... and rejects the caller when no answer has started yet.
    this.onResponseError(undefined, error);
  }
}

/** The error a total timeout aborts with (transportFailure reports it as upstream_timeout). */
function timeoutError(): Error {
  return Object.assign(new Error('The provider exceeded its total timeout.'), { name: 'TimeoutError' });
}

/** `https://host:port/a/b?c` as undici's origin and path, without building a URL object per call. */
function splitUrl(url: string): { origin: string; path: string } {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash === -1 ? { origin: url, path: '/' } : { origin: url.slice(0, slash), path: url.slice(slash) };
}
