import pc from 'picocolors';
import type { DestinationStream } from 'pino';
import type { FlushableDestination } from './create-logger.js';

/** Fields every line has; the pretty form shows them as time, level and message. */
const shownApart = new Set(['time', 'level', 'msg', 'service', 'err']);

type Colors = ReturnType<typeof pc.createColors>;

/**
 * Turns the logger's JSON lines into readable ones for a terminal (`14:02:11.042 INFO  message
 * key=value …`), request lines as `GET /path 200 12.4ms`. It sits after pino, so the access log's
 * own JSON lines (pipeline/account/access-log-writer.ts) are formatted the same way. Flushing passes through.
 */
export class PrettyDestination implements DestinationStream {
  readonly #target: FlushableDestination;
  readonly #colors: Colors;

  constructor(target: FlushableDestination, color: boolean) {
    this.#target = target;
    this.#colors = pc.createColors(color);
  }

  write(text: string): void {
    let out = '';
    for (const line of text.split('\n')) if (line !== '') out += `${formatLine(line, this.#colors)}\n`;
    this.#target.write(out);
  }

  flushSync(): void {
    this.#target.flushSync?.();
  }

  once(event: 'drain', listener: () => void): unknown {
    return this.#target.once?.(event, listener);
  }

  /** sonic-boom's in-flight flag, read by flushLogger. */
  get _writing(): boolean | undefined {
    return this.#target._writing;
  }
}

/** One JSON log line as a readable line; a line that is not JSON passes unchanged. */
export function formatLine(line: string, colors: Colors): string {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return line;
  const fields = new Map<string, unknown>(Object.entries(record));
  const time = text(fields.get('time')).slice(11, 23);
  const level = text(fields.get('level')) || 'info';
  const isRequest = fields.get('msg') === 'request' || fields.get('msg') === 'admin request';
  const message = isRequest ? requestSummary(fields) : text(fields.get('msg'));
  const rest: string[] = [];
  for (const [key, value] of fields) {
    if (shownApart.has(key) || value === undefined) continue;
    rest.push(`${colors.dim(`${key}=`)}${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  const error: unknown = fields.get('err');
  const stack =
    typeof error === 'object' && error !== null && 'stack' in error && typeof error.stack === 'string'
      ? `\n    ${error.stack.replaceAll('\n', '\n    ')}`
      : '';
  return `${colors.dim(time)} ${paintLevel(level, colors)} ${message}${rest.length === 0 ? '' : ` ${rest.join(' ')}`}${stack}`;
}

/** `GET /v1/chat/completions 200 12.4ms`: what an operator reads first on a request line. */
function requestSummary(fields: Map<string, unknown>): string {
  const summary = `${text(fields.get('method'))} ${text(fields.get('path'))} ${text(fields.get('status'))} ${text(fields.get('durationMs'))}ms`;
  for (const key of ['method', 'path', 'status', 'durationMs']) fields.delete(key);
  return summary;
}

/** A field as text: strings as they are, anything else as JSON, absent as empty. */
function text(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function paintLevel(level: string, colors: Colors): string {
  const label = level.toUpperCase().padEnd(5);
  if (level === 'error' || level === 'fatal') return colors.red(label);
  if (level === 'warn') return colors.yellow(label);
  if (level === 'debug' || level === 'trace') return colors.dim(label);
  return colors.green(label);
}
