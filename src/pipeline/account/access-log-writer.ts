import type { DestinationStream } from 'pino';
import type { FinishedCall } from './finished-call.js';
import { loggerDestination, type Logger } from '../../telemetry/create-logger.js';

/**
 * One JSON line per data-plane request: who, what, where it went, how long, how many tokens.
 * Never bodies, never keys (only the key's configured name), so the line skips the logger's
 * redaction. It goes to the process logger's destination in the logger's format (level label,
 * ISO time, bindings, `msg`), built by one JSON.stringify: through pino, serializing and
 * redacting it was a third of what a request allocated (docs/benchmarks.md "Optimisations").
 */
export class AccessLogWriter {
  readonly #logger: Logger;
  readonly #stream: DestinationStream;
  /** The logger's bindings as JSON members followed by a comma (`"service":"portico",`), or empty. */
  readonly #bindings: string;
  /**
   * Lines waiting to be written together: one write (one trip through libuv's thread pool and
   * sonic-boom's bookkeeping) for many requests. One per request was about 6% of the gateway's
   * CPU per request, one per event-loop turn still 4–5% (docs/benchmarks.md, "Optimisations").
   */
  #pending: string[] = [];
  #pendingLength = 0;
  #scheduled = false;
  /** The delay's timer while one runs; a write forced earlier cancels it. */
  #timer: NodeJS.Timeout | undefined;
  /** Longest a line waits (ms); 0: until the end of the event-loop turn. */
  readonly #flushDelayMs: number;
  /** Lines of one millisecond share its formatted time: formatting it was a quarter of the line's cost. */
  #isoAt = 0;
  #iso = '';

  /** `flushDelayMs`: longest a line waits for others (config `logging.access_flush_ms`); 0 = end of the turn. */
  constructor(logger: Logger, flushDelayMs: number) {
    this.#logger = logger;
    this.#flushDelayMs = flushDelayMs;
    const stream = loggerDestination(logger);
    if (typeof stream?.write !== 'function')
      throw new Error('access log: the logger has no destination stream');
    this.#stream = stream;
    const bindings = JSON.stringify(logger.bindings()).slice(1, -1);
    this.#bindings = bindings === '' ? '' : `${bindings},`;
  }

  /** The log phase: one subscriber of finished calls (data-plane-server.ts). */
  write(context: FinishedCall): void {
    if (!this.#logger.isLevelEnabled('info')) return;
    const now = process.hrtime.bigint();
    const durationMs = Number(now - context.receivedAt) / 1e6;
    // Time the gateway added: until the first byte went out, minus the wait on upstreams.
    const untilFirstByteMs = Number((context.firstByteAt ?? now) - context.receivedAt) / 1e6;
    const usage = context.usage;
    const aborted = context.signal.aborted;
    const fields = {
      requestId: context.requestId,
      clientRequestId: context.clientRequestId,
      method: context.method,
      path:
        context.path.length > maxLoggedPathLength ? context.path.slice(0, maxLoggedPathLength) : context.path,
      status: context.status ?? 0,
      durationMs: round(durationMs),
      gatewayMs: round(Math.max(0, untilFirstByteMs - context.upstreamMs)),
      firstByteMs:
        context.firstByteAt === undefined
          ? undefined
          : round(Number(context.firstByteAt - context.receivedAt) / 1e6),
      key: context.keyName,
      route: context.routeName,
      stream: context.stream,
      clientClosed: aborted ? true : undefined,
      attempts: context.attempts,
      inputTokens: usage?.inputTokens,
      outputTokens: usage?.outputTokens,
      cachedInputTokens: usage?.cachedInputTokens,
      cacheWriteTokens: usage?.cacheWriteTokens,
      reasoningTokens: usage?.reasoningTokens,
      costUsd: context.costUsd,
      errorCode: aborted ? 'client_closed' : context.error?.code,
      msg: 'request',
    };
    // JSON.stringify leaves out the fields that are undefined; its opening brace is replaced by the prefix.
    const json = JSON.stringify(fields);
    const line = `{"level":"info","time":"${this.#isoNow()}",${this.#bindings}${json.slice(1)}\n`;
    this.#pending.push(line);
    this.#pendingLength += line.length;
    // A failed request's line goes at once (whoever watches for failures should not wait).
    if (fields.errorCode !== undefined || this.#pendingLength >= maxPendingLength) this.#flushPending();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      if (this.#flushDelayMs === 0) setImmediate(this.#flushPending);
      else this.#timer = setTimeout(this.#flushPending, this.#flushDelayMs).unref();
    }
  }

  #isoNow(): string {
    const now = Date.now();
    if (now !== this.#isoAt) {
      this.#isoAt = now;
      this.#iso = new Date(now).toISOString();
    }
    return this.#iso;
  }

  /** Hands the waiting lines to the destination now (at shutdown, before the logger is flushed). */
  flush(): void {
    this.#flushPending();
  }

  readonly #flushPending = (): void => {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#scheduled = false;
    if (this.#pending.length === 0) return;
    const lines = this.#pending;
    this.#pending = [];
    this.#pendingLength = 0;
    this.#stream.write(lines.length === 1 ? (lines[0] as string) : lines.join(''));
  };
}

/** Longest path written: node lets a client send 16 KB of it, on every request. */
const maxLoggedPathLength = 512;

/** Characters of waiting lines (about 150 requests) that are written without waiting for the timer. */
const maxPendingLength = 64 * 1024;

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
