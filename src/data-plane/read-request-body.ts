import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/gateway-error.js';
import { exceedsJsonDepth } from '../core/exceeds-json-depth.js';
import type { BodyBudget } from './body-budget.js';

/** Deepest nesting of arrays and objects a body may have; real requests stay far below it. */
export const maxBodyDepth = 256;

/** What the body reader needs: the largest body and the shared budget of bodies in flight. */
export interface BodyLimits {
  /** Largest body accepted, in bytes (config `server.max_body_mb`). */
  maxBodyBytes: number;
  /** Bytes of bodies being read across all connections (config `server.max_bodies_in_flight_mb`). */
  budget: BodyBudget;
}

/**
 * Reads and parses a JSON request body. A declared length over the limit, or over what the budget
 * has left, is refused before a byte is read; a body without a length takes from the budget as it
 * arrives. The budget gets the bytes back once the body is parsed. On refusal the rest of the body
 * stays unread: the server discards it after answering (see data-plane-server.ts, lingering).
 */

export async function readJsonBody(
  request: IncomingMessage,
  limits: BodyLimits,
): Promise<{ value: unknown; bytes: number }> {
  const { maxBodyBytes, budget } = limits;
  const declared = Number(request.headers['content-length']);
  const known = Number.isFinite(declared); // NaN when the header is absent (chunked)
  if (known && declared > maxBodyBytes) throw tooLarge(maxBodyBytes);
  if (known && !budget.take(declared)) throw busy();
  let taken = known ? declared : 0;
  try {
    const bytes = await readBytes(
      request,
      maxBodyBytes,
      known
        ? undefined
        : (size) => {
            if (!budget.take(size)) return false;
            taken += size;
            return true;
          },
    );
    return { value: parseJsonBody(bytes), bytes: bytes.length };
  } finally {
    budget.release(taken);
  }
}

/** Parses a whole request body as JSON; throws `invalid_json` for empty, malformed or too deeply nested bytes. */
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

/**
 * Reads the request whole, refusing more than `limitBytes` (and, for bodies of unknown length,
 * chunks `take` refuses). A refusal stops reading but leaves the request open, so the answer can
 * still reach the client. Listens to events rather than iterating with `for await`: async
 * iteration cost a promise and an end-of-stream watcher per body, which showed in the profile of
 * every request (docs/benchmarks.md, "Optimisations").
 */
function readBytes(
  request: IncomingMessage,
  limitBytes: number,
  take: ((bytes: number) => boolean) | undefined,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (): void => {
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      request.removeListener('error', onGone);
      request.removeListener('close', onGone);
      request.pause();
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      const refusal =
        size > limitBytes
          ? tooLarge(limitBytes)
          : take !== undefined && !take(chunk.length)
            ? busy()
            : undefined;
      if (refusal !== undefined) {
        settle();
        reject(refusal);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      settle();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onGone = (): void => {
      settle();
      reject(
        new GatewayError(
          'client_closed',
          `The client closed the connection after ${size} bytes of the body.`,
        ),
      );
    };
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onGone);
    request.once('close', onGone);
  });
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError('body_too_large', `The request body exceeds the limit of ${limitBytes} bytes.`);
}

/** Retry-After: bodies in flight are read in moments, so a second is enough for most to have passed. */
function busy(): GatewayError {
  return new GatewayError(
    'server_busy',
    'The gateway is receiving too many request bodies at once; retry shortly.',
    { retryAfterSeconds: 1 },
  );
}
