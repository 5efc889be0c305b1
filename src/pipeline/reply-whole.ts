import type { GatewayContext } from './gateway-context.js';

/**
 * Answers with a body known whole: status, head, the first-byte time, then the body, with its
 * `content-length`. Without it node sent the answer chunked, since `writeHead` fixes the head
 * before the body is seen; with it a client can tell a cut-off answer from a complete one, as it
 * can straight at the provider. (Measured: same syscalls and allocation per request either way.)
 */
export function replyWhole(
  context: GatewayContext,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  context.status = status;
  headers['content-length'] = String(Buffer.byteLength(body));
  context.reply.writeHead(status, headers);
  context.firstByteAt = process.hrtime.bigint();
  context.reply.end(body);
}
