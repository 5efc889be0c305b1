import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { GatewayError } from '../../core/gateway-error.js';
import type { RestExchange } from '../rest-exchange.js';

/**
 * The request body on its way to the upstream: counts its bytes and stops it past the limit
 * (the upstream request then fails and the call answers 413). Chunks pass through untouched,
 * so nothing is buffered beyond the streams' own high-water marks.
 */
export class RequestBodyMeter extends Transform {
  constructor(
    private readonly exchange: RestExchange,
    private readonly limit: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const exchange = this.exchange;
    exchange.bytesIn += chunk.length;
    const bodies = exchange.bodies;
    if (bodies !== undefined && bodies.request.length < loggedBodyChars) bodies.request += sample(chunk);
    if (exchange.bytesIn > this.limit) {
      exchange.bodyTooLarge = true;
      callback(tooLarge(this.limit));
      return;
    }
    callback(null, chunk);
  }
}

/** Characters of each body kept for the call log, when the service logs bodies; the log caps again. */
export const loggedBodyChars = 64 * 1024;

/** A chunk's start as text, for the call log. */
export function sample(chunk: Buffer): string {
  return chunk.subarray(0, loggedBodyChars).toString('utf8');
}

export function tooLarge(limit: number): GatewayError {
  return new GatewayError(
    'body_too_large',
    `The request body is larger than this service's limit of ${String(limit)} bytes.`,
  );
}

/** The declared `Content-Length`, when it is a plain non-negative integer. */
export function contentLength(headers: IncomingHttpHeaders): number | undefined {
  const value = headers['content-length'];
  if (value === undefined) return undefined;
  const length = Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
