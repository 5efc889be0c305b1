import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/gateway-error.js';

/** Reads and parses a JSON request body, refusing more than `limitBytes` before buffering it. */
export async function readJsonBody(
  request: IncomingMessage,
  limitBytes: number,
): Promise<{ value: unknown; bytes: number }> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(buffer);
  }
  if (size === 0) throw new GatewayError('invalid_json', 'The request body is empty; send a JSON object.');
  try {
    return { value: JSON.parse(Buffer.concat(chunks, size).toString('utf8')) as unknown, bytes: size };
  } catch (error) {
    throw new GatewayError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError('body_too_large', `The request body exceeds the limit of ${limitBytes} bytes.`);
}
