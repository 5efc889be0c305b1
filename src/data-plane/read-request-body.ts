import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/gateway-error.js';
import { exceedsJsonDepth } from '../core/exceeds-json-depth.js';
import { readStreamBytes } from '../core/read-stream-bytes.js';

/** Deepest nesting of arrays and objects a body may have; real requests stay far below it. */
export const maxBodyDepth = 256;

/** Reads and parses a JSON request body, refusing more than `limitBytes` before buffering it. */
export async function readJsonBody(
  request: IncomingMessage,
  limitBytes: number,
): Promise<{ value: unknown; bytes: number }> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const bytes = await readStreamBytes(request, limitBytes, () => tooLarge(limitBytes));
  return { value: parseJsonBody(bytes), bytes: bytes.length };
}

/** Parses a whole request body as JSON; throws `invalid_json` for empty or malformed bytes. */
export function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length === 0)
    throw new GatewayError('invalid_json', 'The request body is empty; send a JSON object.');
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new GatewayError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  // Checked after parsing, so the scan runs only on valid JSON, whose strings are well formed.
  if (exceedsJsonDepth(text, maxBodyDepth)) {
    throw new GatewayError(
      'invalid_json',
      `The request body nests arrays and objects deeper than ${maxBodyDepth} levels.`,
    );
  }
  return value;
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError('body_too_large', `The request body exceeds the limit of ${limitBytes} bytes.`);
}
