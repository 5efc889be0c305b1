import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayError } from '../../core/gateway-error.js';

/**
 * Refuses an upgrade request on its raw socket (no ServerResponse exists for node's 'upgrade'
 * event): a plain HTTP/1.1 answer in the REST gateway's JSON error shape, then the connection is
 * closed, so a WebSocket client sees an ordinary HTTP error and no 101.
 */
export function writeUpgradeError(socket: Duplex, error: GatewayError, requestId: string): void {
  if (socket.destroyed || !socket.writable) return;
  const body = JSON.stringify({ error: { code: error.code, message: error.message, request_id: requestId } });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': requestId,
    connection: 'close',
    ...error.headers,
  };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  socket.end(`${statusLine(error.status)}${headerLines(headers)}\r\n${body}`);
}

/** `HTTP/1.1 <status> <reason>` and its CRLF. */
export function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
}

/**
 * Header lines, each with its CRLF; a list value is one line per value (set-cookie). A value
 * holding CR or LF is left out: written raw, it would split the head (header injection).
 */
export function headerLines(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): string {
  let lines = '';
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of typeof value === 'string' ? [value] : value)
      if (!/[\r\n]/.test(one) && !/[\r\n:]/.test(name)) lines += `${name}: ${one}\r\n`;
  }
  return lines;
}
