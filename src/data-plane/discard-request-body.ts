import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long and how much of a body is discarded after an early answer (config `server.lingering_*`). */
export interface LingeringLimits {
  /** Longest the rest of the body is read, in ms; 0 closes at once. */
  timeMs: number;
  /** Most bytes discarded before the connection is closed. */
  maxBytes: number;
}

/**
 * After an answer sent before the body was read whole (401, 404, 413, 503…), reads the rest of
 * the body and drops it, for at most `timeMs` and `maxBytes`, then closes the connection if the
 * body still has not ended. Closing with unread bytes makes the kernel reset the connection, and
 * a client still writing its body then loses the answer to EPIPE (issue 14); nginx's lingering
 * close does the same. A body that ends in time leaves the connection usable. Call it before the
 * answer is written. See docs/security.md.
 */
export function discardRequestBody(
  request: IncomingMessage,
  response: ServerResponse,
  limits: LingeringLimits,
): void {
  if (request.complete || request.destroyed) return;
  // Else node closes the connection right after the answer when the client sent `connection: close`.
  response.shouldKeepAlive = true;
  let discarded = 0;
  const stop = (): void => {
    clearTimeout(timer);
    request.removeListener('data', onData);
    request.removeListener('end', stop);
    request.removeListener('close', stop);
  };
  const close = (): void => {
    stop();
    request.socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    discarded += chunk.length;
    if (discarded > limits.maxBytes) close();
  };
  const timer = setTimeout(close, limits.timeMs).unref();
  request.on('data', onData);
  request.once('end', stop);
  request.once('close', stop);
  request.resume();
}
