import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HttpUpstreamSpec } from '../../config/http-service-schema.js';
import type { PickedNode } from '../upstream/upstream-set.js';
import { proxyWebSocket, type WebSocketProxyOptions, type WebSocketProxyOutcome } from './proxy-websocket.js';

/** A WebSocket upgrade that passed the service's stages, ready to go to one of its nodes. */
export interface ServiceWebSocketCall {
  /** The service's node set (only `pick` is used: the connection is made here, not pooled). */
  upstream: { pick(hashKey?: string): PickedNode };
  hashKey?: string;
  upstreamSpec: HttpUpstreamSpec;
  request: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  /**
   * The response node's 'upgrade' handler attached to the socket so the stages could answer
   * refusals as usual; it is detached here before raw bytes are written.
   */
  response?: ServerResponse;
  /** Transformed path and '?query', and the upstream headers built as for any call. */
  pathAndQuery: string;
  headers: Record<string, string | string[]>;
  requestId: string;
  /** Idle and total limits; defaults as proxyWebSocket's. */
  limits?: Pick<WebSocketProxyOptions, 'idleTimeoutMs' | 'maxDurationMs'>;
}

/**
 * Sends an accepted upgrade to a healthy node of the service: picks it (throws
 * GatewayError('upstream_unavailable') before anything is written, so the caller answers as
 * for any call), proxies the WebSocket with the upstream's connect timeout and TLS settings, and
 * reports the node's outcome to the set (least-connections counts, passive health). Resolves
 * when both sides are closed.
 */
export async function proxyServiceWebSocket(call: ServiceWebSocketCall): Promise<WebSocketProxyOutcome> {
  const node = call.upstream.pick(call.hashKey);
  // node hands 'upgrade' listeners a net.Socket typed as Duplex.
  call.response?.detachSocket(call.socket as Socket);
  const spec = call.upstreamSpec;
  const options: WebSocketProxyOptions = {
    nodeUrl: node.url,
    pathAndQuery: call.pathAndQuery,
    headers: call.headers,
    requestId: call.requestId,
    ...call.limits,
  };
  const connectMs = spec.timeouts?.connect_ms;
  if (connectMs !== undefined) options.connectTimeoutMs = connectMs;
  if (spec.tls !== undefined) {
    const tls: NonNullable<WebSocketProxyOptions['tls']> = {};
    if (spec.tls.verify !== undefined) tls.verify = spec.tls.verify;
    if (spec.tls.ca !== undefined) tls.ca = spec.tls.ca;
    if (spec.tls.server_name !== undefined) tls.serverName = spec.tls.server_name;
    options.tls = tls;
  }
  let outcome: WebSocketProxyOutcome;
  try {
    outcome = await proxyWebSocket(call.request, call.socket, call.head, options);
  } catch (error) {
    node.done('failed');
    throw error;
  }
  node.done(outcome.upstreamFailed ? 'failed' : 'ok');
  return outcome;
}
