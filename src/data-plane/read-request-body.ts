import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/gateway-error.js';
import { readStreamBytes } from '../core/read-stream-bytes.js';

/** Reads and parses a JSON request body, refusing more than `limitBytes` before buffering it. */
export async function readJsonBody(
  request: IncomingMessage,
  limitBytes: number,
): Promise<{ value: unknown; bytes: number }> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const bytes = await readStreamBytes(request, limitBytes, () => tooLarge(limitBytes));
  const size = bytes.length;
  if (size === 0) throw new GatewayError('invalid_json', 'The request body is empty; send a JSON object.');
  try {
    return { value: JSON.parse(bytes.toString('utf8')) as unknown, bytes: size };
  } catch (error) {
    throw new GatewayError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError('body_too_large', `The request body exceeds the limit of ${limitBytes} bytes.`);
}
