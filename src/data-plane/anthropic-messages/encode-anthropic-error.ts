import type { JsonObject } from '../../core/chat.js';
import type { GatewayError } from '../../core/gateway-error.js';

/** Anthropic's error type for each status the gateway answers with. https://docs.anthropic.com/en/api/errors */
const typeByStatus: ReadonlyMap<number, string> = new Map([
  [400, 'invalid_request_error'],
  [401, 'authentication_error'],
  [402, 'billing_error'],
  [403, 'permission_error'],
  [404, 'not_found_error'],
  [413, 'request_too_large'],
  [429, 'rate_limit_error'],
  [500, 'api_error'],
  [502, 'api_error'],
  [503, 'overloaded_error'],
  [504, 'api_error'],
]);

/** The Anthropic error type for an HTTP status; other 4xx are `invalid_request_error`, as Anthropic does. */
export function anthropicErrorType(status: number): string {
  return typeByStatus.get(status) ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** The Anthropic error body `{ type: 'error', error: { type, message } }`. */
export function encodeAnthropicError(error: GatewayError): JsonObject {
  return { type: 'error', error: { type: anthropicErrorType(error.status), message: error.message } };
}

/** The `error` event that ends a stream which failed after it started. */
export function encodeAnthropicStreamError(error: GatewayError): string {
  return `event: error\ndata: ${JSON.stringify(encodeAnthropicError(error))}\n\n`;
}
