import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../../core/gateway-error.js';

/**
 * Refuses a request body framing the gateway cannot forward faithfully. Node's parser already
 * answers 400 to the classic smuggling shapes (Content-Length with Transfer-Encoding, duplicated
 * or malformed Content-Length, `chunked` not last, bare CR/LF); it does accept a coding before
 * `chunked` (`gzip, chunked`), whose body would reach the upstream still coded but without the
 * header that says so, since Transfer-Encoding is hop-by-hop. Only plain `chunked` passes.
 */
export function checkRequestFraming(headers: IncomingHttpHeaders): void {
  const encoding = headers['transfer-encoding'];
  if (encoding === undefined) return;
  if (encoding.trim().toLowerCase() !== 'chunked')
    throw new GatewayError(
      'invalid_request',
      `Transfer-Encoding "${encoding.slice(0, 64)}" is not accepted; send the body with Content-Length or as plain chunked.`,
      { param: 'transfer-encoding' },
    );
}
