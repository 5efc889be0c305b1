import type { Dispatcher } from 'undici';
import { GatewayError } from '../core/gateway-error.js';
import { readStreamBytes } from '../core/read-stream-bytes.js';

/** Reads an upstream body to text, refusing more than `limitBytes` (a broken upstream must not exhaust memory). */
export async function readBodyText(
  body: Dispatcher.ResponseData['body'],
  limitBytes: number,
  providerId: string,
): Promise<string> {
  const bytes = await readStreamBytes(
    body,
    limitBytes,
    () =>
      new GatewayError('upstream_bad_response', `Provider ${providerId} sent more than ${limitBytes} bytes.`),
  );
  return bytes.toString('utf8');
}
