import type { Duplex } from 'node:stream';
import type { ProxyInput } from '../stages/proxy-to-upstream.js';
import { proxyServiceWebSocket } from './proxy-service-websocket.js';

/** The raw connection of an upgrade request (node's 'upgrade' event). */
export interface UpgradeSocket {
  socket: Duplex;
  /** Bytes the client sent after the request head (the first WebSocket frames, if any). */
  head: Buffer;
}

/**
 * The proxy stage's answer to an accepted WebSocket upgrade: the session is proxied to a node
 * of the service and the call finishes when both sides closed, so its duration, bytes and node
 * reach the call log like any call's. A refusal before the upgrade (no healthy node) throws
 * while the response is still attached, so the usual error writer answers it.
 */
export async function relayUpgrade(
  context: ProxyInput,
  upgrade: UpgradeSocket,
  upstream: { headers: Record<string, string | string[]>; pathAndQuery: string; hashKey: string | undefined },
): Promise<void> {
  const exchange = context.rest;
  const service = exchange.route.service;
  const started = performance.now();
  const outcome = await proxyServiceWebSocket({
    upstream: service.upstream,
    ...(upstream.hashKey === undefined ? {} : { hashKey: upstream.hashKey }),
    upstreamSpec: service.entry.spec.upstream,
    request: exchange.request,
    socket: upgrade.socket,
    head: upgrade.head,
    response: exchange.response,
    pathAndQuery: upstream.pathAndQuery,
    headers: upstream.headers,
    requestId: context.requestId,
  });
  context.upstreamMs = performance.now() - started;
  context.status = outcome.status;
  exchange.node = outcome.node;
  exchange.bytesIn = outcome.bytesIn;
  exchange.bytesOut = outcome.bytesOut;
  if (outcome.error !== undefined) context.error = outcome.error;
}
