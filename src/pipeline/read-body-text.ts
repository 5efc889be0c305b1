import type { Dispatcher } from 'undici';
import { GatewayError } from '../core/gateway-error.js';

/** Reads an upstream body to text, refusing more than `limitBytes` (a broken upstream must not exhaust memory). */
export async function readBodyText(
  body: Dispatcher.ResponseData['body'],
  limitBytes: number,
  providerId: string,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) {
      body.destroy();
      throw new GatewayError(
        'upstream_bad_response',
        `Provider ${providerId} sent more than ${limitBytes} bytes.`,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
