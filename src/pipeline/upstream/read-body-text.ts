import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, type ZlibOptions } from 'node:zlib';
import { GatewayError } from '../../core/gateway-error.js';
import type { UpstreamResponse } from '../../upstream/upstream-client.js';
import { bodyReadFailure } from '../../upstream/upstream-failure.js';

type Decode = (bytes: Buffer, options: ZlibOptions) => Promise<Buffer>;

/** Decoders by `content-encoding`: Portico asks for none, yet some upstreams (and proxies) compress anyway. */
const decoders: ReadonlyMap<string, Decode> = new Map<string, Decode>([
  ['gzip', promisify(gunzip)],
  ['x-gzip', promisify(gunzip)],
  ['deflate', promisify(inflate)],
  ['br', promisify(brotliDecompress)],
]);

/**
 * Reads an upstream answer whole to text, refusing more than `limitBytes` (a broken upstream must
 * not exhaust memory), before and after decompression. A compressed body is decoded so clients
 * get the provider's words, not binary. A transfer that breaks off is `upstream_error`, or
 * `upstream_timeout` when a timeout cut it.
 */
export async function readBodyText(
  response: UpstreamResponse,
  limitBytes: number,
  providerId: string,
): Promise<string> {
  const tooLarge = (): GatewayError =>
    new GatewayError('upstream_bad_response', `Provider ${providerId} sent more than ${limitBytes} bytes.`);
  let bytes: Buffer;
  try {
    bytes = await response.body.bytes(limitBytes, tooLarge);
  } catch (error) {
    throw bodyReadFailure(error, providerId, response.timedOut());
  }
  const encoding = response.headers['content-encoding'];
  if (encoding === undefined) return bytes.toString('utf8');
  const name = (Array.isArray(encoding) ? encoding.join(',') : encoding).trim().toLowerCase();
  if (name === '' || name === 'identity') return bytes.toString('utf8');
  const decode = decoders.get(name);
  if (decode === undefined) {
    throw new GatewayError(
      'upstream_bad_response',
      `Provider ${providerId} sent its answer with content-encoding '${name}', which Portico cannot decode.`,
    );
  }
  try {
    return (await decode(bytes, { maxOutputLength: limitBytes })).toString('utf8');
  } catch (error) {
    throw new GatewayError(
      'upstream_bad_response',
      `Provider ${providerId} sent a ${name} answer that does not decode (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      { cause: error },
    );
  }
}
