import type { JsonObject } from '../../core/chat.js';
import type { GatewayError } from '../../core/gateway-error.js';
import { geminiSseFrame } from './gemini-stream-encoder.js';

/**
 * Google RPC status names by HTTP status, as the Gemini API pairs them. A 502 (the provider
 * failed or sent nonsense) has no Google counterpart and is reported as INTERNAL.
 * https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
const statusNames: ReadonlyMap<number, string> = new Map([
  [400, 'INVALID_ARGUMENT'],
  [401, 'UNAUTHENTICATED'],
  // A spent Portico budget is a quota, which Google reports as RESOURCE_EXHAUSTED.
  [402, 'RESOURCE_EXHAUSTED'],
  [403, 'PERMISSION_DENIED'],
  [404, 'NOT_FOUND'],
  [405, 'INVALID_ARGUMENT'],
  [413, 'INVALID_ARGUMENT'],
  [429, 'RESOURCE_EXHAUSTED'],
  [499, 'CANCELLED'],
  [500, 'INTERNAL'],
  [502, 'INTERNAL'],
  [503, 'UNAVAILABLE'],
  [504, 'DEADLINE_EXCEEDED'],
]);

/** The Google RPC status name for an HTTP status; `UNKNOWN` for one Google does not pair. */
export function geminiStatusName(httpStatus: number): string {
  return statusNames.get(httpStatus) ?? (httpStatus >= 500 ? 'INTERNAL' : 'UNKNOWN');
}

/**
 * The error body in Gemini's shape, `{ error: { code, message, status, details } }`. `details`
 * holds a google.rpc.ErrorInfo with the gateway's own code and the provider's words, and a
 * google.rpc.RetryInfo when the client should wait, as Gemini's own 429s do.
 * https://cloud.google.com/apis/design/errors#error_model
 */
export function encodeGeminiError(error: GatewayError): JsonObject {
  const metadata: JsonObject = {};
  if (error.param !== undefined) metadata['param'] = error.param;
  if (error.provider !== undefined) {
    metadata['provider'] = error.provider.provider;
    if (error.provider.status !== undefined) metadata['providerStatus'] = String(error.provider.status);
    metadata['providerMessage'] = error.provider.message;
    if (error.provider.type !== undefined) metadata['providerType'] = error.provider.type;
  }
  const details: JsonObject[] = [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: error.code, domain: 'portico', metadata },
  ];
  if (error.retryAfterSeconds !== undefined) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: `${error.retryAfterSeconds}s`,
    });
  }
  return {
    error: { code: error.status, message: error.message, status: geminiStatusName(error.status), details },
  };
}

/** A failure after the stream began: a data event holding `{ error }`, which the Gemini SDKs raise. */
export function encodeGeminiStreamError(error: GatewayError): string {
  return geminiSseFrame(encodeGeminiError(error));
}
