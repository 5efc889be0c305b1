import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocketProxyOptions, WebSocketProxyOutcome } from './proxy-websocket.js';

const defaultIdleTimeoutMs = 300_000;
/** Close frame, status 1001 "going away" (RFC 6455 §5.5.1, §7.4.1). */
const goingAway = Buffer.from([0x03, 0xe9]);

/** Pipes the two upgraded sockets until either side closes or a limit is reached. */
export function tunnelWebSocket(
  client: Duplex,
  upstream: Socket,
  clientHead: Buffer,
  upstreamHead: Buffer,
  options: WebSocketProxyOptions,
): Promise<WebSocketProxyOutcome> {
  return new Promise((resolve) => {
    const outcome: WebSocketProxyOutcome = {
      status: 101,
      upgraded: true,
      bytesIn: clientHead.length,
      bytesOut: upstreamHead.length,
      closedBy: 'client',
      upstreamFailed: false,
    };
    let closing = false;
    let open = 2;
    const closed = (): void => {
      open -= 1;
      if (open > 0) return;
      clearTimeout(limit);
      clearTimeout(idle);
      resolve(outcome);
    };
    const closeBoth = (by: WebSocketProxyOutcome['closedBy'], sayGoingAway: boolean): void => {
      if (closing) return;
      closing = true;
      outcome.closedBy = by;
      if (sayGoingAway) {
        // A clean close for both ends rather than a cut connection (1006 in browsers).
        client.write(closeFrame(false));
        upstream.write(closeFrame(true));
      }
      client.end();
      upstream.end();
      // Ends are polite; the sockets are destroyed shortly after so neither side can hold them.
      setTimeout(() => {
        client.destroy();
        upstream.destroy();
      }, 1000).unref();
    };
    const idleMs = options.idleTimeoutMs ?? defaultIdleTimeoutMs;
    let idle: NodeJS.Timeout | undefined;
    const touch = (): void => {
      if (idleMs === 0) return;
      if (idle === undefined) idle = setTimeout(() => closeBoth('idle', true), idleMs);
      else idle.refresh();
    };
    const limit =
      options.maxDurationMs === undefined
        ? undefined
        : setTimeout(() => closeBoth('max-duration', true), options.maxDurationMs);
    touch();
    upstream.setNoDelay(true);
    client.on('data', (chunk: Buffer) => {
      outcome.bytesIn += chunk.length;
      touch();
    });
    upstream.on('data', (chunk: Buffer) => {
      outcome.bytesOut += chunk.length;
      touch();
    });
    client.on('error', () => client.destroy());
    upstream.on('error', () => upstream.destroy());
    client.once('close', () => {
      closeBoth('client', false);
      closed();
    });
    upstream.once('close', () => {
      closeBoth('upstream', false);
      closed();
    });
    if (upstreamHead.length > 0) client.write(upstreamHead);
    if (clientHead.length > 0) upstream.write(clientHead);
    client.pipe(upstream);
    upstream.pipe(client);
  });
}

/** A close frame with status 1001; frames to a server must be masked (RFC 6455 §5.3). */
function closeFrame(masked: boolean): Buffer {
  if (!masked) return Buffer.concat([Buffer.from([0x88, goingAway.length]), goingAway]);
  const mask = Buffer.from([0x5a, 0x3c, 0x96, 0x0f]);
  const payload = Buffer.from(goingAway.map((byte, index) => byte ^ (mask[index % 4] ?? 0)));
  return Buffer.concat([Buffer.from([0x88, 0x80 | goingAway.length]), mask, payload]);
}
