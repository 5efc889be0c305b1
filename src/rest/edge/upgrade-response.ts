import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A ServerResponse on the raw socket of node's 'upgrade' event, so an upgrade request can run
 * the same stages as any call and be refused (401, 403, 404, 429...) by the usual error writer.
 * The connection closes after such an answer; once the stages accept the upgrade,
 * proxyServiceWebSocket detaches the response and takes the socket over.
 */
export function upgradeResponse(request: IncomingMessage, socket: Duplex): ServerResponse {
  const response = new ServerResponse(request);
  response.shouldKeepAlive = false;
  // node hands 'upgrade' listeners a net.Socket typed as Duplex.
  response.assignSocket(socket as Socket);
  response.once('finish', () => socket.end());
  socket.on('error', () => socket.destroy());
  return response;
}
