import { GatewayError } from '../core/gateway-error.js';
import type { UpstreamBody } from '../upstream/upstream-body.js';

/** Reads an upstream body to text, refusing more than `limitBytes` (a broken upstream must not exhaust memory). */
export async function readBodyText(
  body: UpstreamBody,
  limitBytes: number,
  providerId: string,
): Promise<string> {
  const bytes = await body.bytes(
    limitBytes,
    () =>
      new GatewayError('upstream_bad_response', `Provider ${providerId} sent more than ${limitBytes} bytes.`),
  );
  return bytes.toString('utf8');
}
