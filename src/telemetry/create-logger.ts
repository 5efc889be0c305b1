import pino, { type DestinationStream, type Logger } from 'pino';
import { PrettyDestination } from './pretty-destination.js';

export type { Logger };

/**
 * Field names that hold credentials, redacted wherever they appear at the top level of a log
 * line or in its `headers`. `key` is not one of them: in the access log it is the API key's
 * configured name, never the secret.
 */
const secretFields = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-goog-api-key',
  'api-key',
  'apiKey',
  'api_key',
  'password',
  'secret',
  'client_secret',
  'clientSecret',
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
];

/** A redact path for a field name; names with dashes need brackets. */
const fieldPath = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `["${name}"]`);

const redactPaths = [
  ...secretFields.map(fieldPath),
  ...secretFields.map((name) => `headers${name.includes('-') ? '' : '.'}${fieldPath(name)}`),
  // Wildcards cost about 3 µs a line each on the access-log path (measured), so only these two.
  '*.apiKey',
  '*.authorization',
];

/** How log lines are written: one JSON object a line, or readable lines for a terminal. */
export type LogFormat = 'json' | 'pretty';

/**
 * The process logger: JSON lines (or, with `pretty`, readable lines with colours when `color`),
 * written asynchronously so logging never blocks the hot path. Wait for `flushLogger` before exit.
 * Credentials are redacted should one ever be passed.
 */
export function createLogger(
  level: string,
  destination?: DestinationStream,
  format: LogFormat = 'json',
  color = false,
): Logger {
  const target = destination ?? pino.destination({ dest: 1, sync: false });
  return pino(
    {
      level,
      base: { service: 'portico' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    format === 'pretty' ? new PrettyDestination(target, color) : target,
  );
}

/** The slice of pino's destination (sonic-boom 4) that flushing needs; `_writing` is its in-flight flag. */
export interface FlushableDestination extends DestinationStream {
  flushSync?: () => void;
  once?: (event: 'drain', listener: () => void) => unknown;
  _writing?: boolean;
}

/** Longest a shutdown waits for the log's last write. */
const flushWaitMs = 1_000;

/**
 * Resolves once what the logger handed to its destination is written (or after a second). The
 * asynchronous destination writes through libuv's thread pool, which `process.exit` does not wait
 * for, and its own `flush(cb)` calls back at once without waiting for a write in flight.
 */
export function flushLogger(logger: Logger): Promise<void> {
  const destination = loggerDestination(logger) as FlushableDestination | undefined;
  if (destination?._writing !== true || destination.once === undefined) return Promise.resolve();
  const once = destination.once.bind(destination);
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, flushWaitMs);
    once('drain', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Writes what the logger holds before the process exits, however it exits (an uncaught error
 * included): `exit` listeners may only do synchronous work.
 */
export function flushLoggerOnExit(logger: Logger): void {
  process.once('exit', () => {
    const destination = loggerDestination(logger) as FlushableDestination | undefined;
    try {
      destination?.flushSync?.();
    } catch {
      // Not open yet or already closed: nothing more can be written.
    }
  });
}

/** The stream a logger writes to: pino exports the symbol of that property but does not type it. */
export function loggerDestination(logger: Logger): DestinationStream | undefined {
  return (logger as unknown as Record<symbol, DestinationStream | undefined>)[pino.symbols.streamSym];
}
