import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { GatewayError } from '../../core/gateway-error.js';
import { responseHeadersForClient } from '../transform/proxy-headers.js';
import type { TlsConnectOptions } from '../upstream/tls-connect-options.js';
import { tunnelWebSocket } from './tunnel-websocket.js';
import { headerLines, statusLine, writeUpgradeError } from './write-upgrade-error.js';

/** Where and how to open the upstream side of one WebSocket. */
export interface WebSocketProxyOptions {
  /** The node the service's UpstreamSet picked (origin and optional path prefix). */
  nodeUrl: string;
  /** Transformed path and '?query' appended to the node's prefix. */
  pathAndQuery: string;
  /**
   * Handshake headers for the upstream, as for any proxied request (requestHeadersForUpstream,
   * edits, upstream credential): hop-by-hop ones are gone; `Connection`/`Upgrade` and the node's
   * Host are set here. The client's Sec-WebSocket-* headers pass, so the upstream's 101 is valid
   * for the client as is.
   */
  headers: Record<string, string | string[]>;
  /** Portico's request id, sent back on the 101 or the refusal. */
  requestId: string;
  /** Longest wait from connecting to the upstream's answer to the handshake. Default 10 s. */
  connectTimeoutMs?: number;
  /** Both sides are closed after this long without a byte either way. Default 5 min; 0: never. */
  idleTimeoutMs?: number;
  /** Both sides are closed this long after the upgrade, whatever the traffic. Absent: never. */
  maxDurationMs?: number;
  /**
   * TLS to an https node, as the service's HTTP calls use it (`tlsConnectOptions`: a `ca` adds to
   * the system roots). Absent: verified against the system roots.
   */
  tls?: TlsConnectOptions;
}

/** How a proxied WebSocket ended, for the call log and the node's health (`PickedNode.done`). */
export interface WebSocketProxyOutcome {
  /** 101 when the connection was upgraded, else the status the client was answered with. */
  status: number;
  upgraded: boolean;
  /** Bytes from the client to the upstream, and back, after the upgrade. */
  bytesIn: number;
  bytesOut: number;
  closedBy: 'client' | 'upstream' | 'idle' | 'max-duration' | 'refused';
  /** Why the upgrade failed (already answered to the client); absent when it went through. */
  error?: GatewayError;
  /** The upstream never answered the handshake (connect failure, timeout, reset): a node failure. */
  upstreamFailed: boolean;
}

const defaultConnectTimeoutMs = 10_000;

/**
 * Proxies one WebSocket upgrade: opens the handshake to the upstream node, relays its 101 to
 * the client and pipes the two sockets together, bytes untouched. Before the upgrade, a failure
 * answers the client with a plain HTTP error (502/503/504) and an upstream that declines the
 * upgrade has its own answer relayed. After it, both sides close together: when either closes,
 * on the idle limit or the total limit. Resolves once both sockets are closed; never rejects.
 */
export function proxyWebSocket(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: WebSocketProxyOptions,
): Promise<WebSocketProxyOutcome> {
  return new Promise((resolve) => {
    const refuse = (error: GatewayError, upstreamFailed: boolean): void => {
      writeUpgradeError(socket, error, options.requestId);
      resolve({
        status: error.status,
        upgraded: false,
        bytesIn: 0,
        bytesOut: 0,
        closedBy: 'refused',
        error,
        upstreamFailed,
      });
    };
    const upgrade = request.headers.upgrade;
    if (upgrade === undefined || upgrade.toLowerCase() !== 'websocket') {
      refuse(new GatewayError('invalid_request', 'Only WebSocket upgrades are proxied.'), false);
      return;
    }
    let target: URL;
    try {
      target = new URL(`${options.nodeUrl.replace(/\/+$/, '')}${options.pathAndQuery}`);
    } catch (cause) {
      refuse(new GatewayError('internal_error', 'The upstream node URL is invalid.', { cause }), false);
      return;
    }
    const upstream = openHandshake(target, options);
    let connected = false;
    let settled = false;
    const timer = setTimeout(() => {
      fail(
        new GatewayError('upstream_timeout', 'The upstream did not answer the WebSocket handshake in time.'),
      );
    }, options.connectTimeoutMs ?? defaultConnectTimeoutMs);
    const clientGone = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      upstream.destroy();
      resolve({
        status: 499,
        upgraded: false,
        bytesIn: 0,
        bytesOut: 0,
        closedBy: 'client',
        upstreamFailed: false,
      });
    };
    const fail = (error: GatewayError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('close', clientGone);
      upstream.destroy();
      refuse(error, true);
    };
    socket.on('error', () => socket.destroy());
    socket.once('close', clientGone);
    upstream.once('socket', (upstreamSocket: Socket) => {
      upstreamSocket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        connected = true;
      });
    });
    upstream.on('error', (cause: Error) => {
      fail(
        connected
          ? new GatewayError(
              'bad_gateway',
              'The upstream closed the connection during the WebSocket handshake.',
              { cause },
            )
          : new GatewayError(
              'upstream_unavailable',
              'The upstream node could not be reached for the WebSocket.',
              { cause },
            ),
      );
    });
    upstream.once('response', (declined: IncomingMessage) => {
      if (settled) return declined.resume();
      settled = true;
      clearTimeout(timer);
      socket.off('close', clientGone);
      relayDeclined(declined, socket, options.requestId);
      const status = declined.statusCode ?? 502;
      const finished = (): void =>
        resolve({
          status,
          upgraded: false,
          bytesIn: 0,
          bytesOut: 0,
          closedBy: 'refused',
          upstreamFailed: status >= 500,
        });
      if (socket.destroyed) finished();
      else socket.once('close', finished);
    });
    upstream.once('upgrade', (answer: IncomingMessage, upstreamSocket: Socket, upstreamHead: Buffer) => {
      if (settled) return void upstreamSocket.destroy();
      settled = true;
      clearTimeout(timer);
      socket.off('close', clientGone);
      const out = {
        ...responseHeadersForClient(answer.headers),
        connection: 'Upgrade',
        upgrade: 'websocket',
        'x-request-id': options.requestId,
      };
      socket.write(`${statusLine(101)}${headerLines(out)}\r\n`);
      void tunnelWebSocket(socket, upstreamSocket, head, upstreamHead, options).then(resolve);
    });
    upstream.end();
  });
}

function openHandshake(target: URL, options: WebSocketProxyOptions): ClientRequest {
  const headers = { ...options.headers, host: target.host, connection: 'Upgrade', upgrade: 'websocket' };
  const common = {
    host: target.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: target.port === '' ? undefined : Number(target.port),
    method: 'GET',
    path: `${target.pathname}${target.search}`,
    headers,
    // One connection per WebSocket: it is handed over, never pooled.
    agent: false,
  } as const;
  if (target.protocol !== 'https:') return httpRequest(common);
  const tls = options.tls;
  return httpsRequest({
    ...common,
    rejectUnauthorized: tls?.rejectUnauthorized !== false,
    ...(tls?.secureContext === undefined ? {} : { secureContext: tls.secureContext }),
    ...(tls?.servername === undefined ? {} : { servername: tls.servername }),
  });
}

/** The upstream answered the handshake without upgrading: its status, headers and body go back as they are. */
function relayDeclined(declined: IncomingMessage, socket: Duplex, requestId: string): void {
  const headers = {
    ...responseHeadersForClient(declined.headers),
    'x-request-id': requestId,
    connection: 'close',
  };
  // Without a length the body ends with the connection (it is closed after this answer anyway).
  socket.write(`${statusLine(declined.statusCode ?? 502)}${headerLines(headers)}\r\n`);
  declined.pipe(socket);
  declined.once('error', () => socket.destroy());
}
