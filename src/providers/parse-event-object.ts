import type { JsonObject } from '../core/chat.js';
import { GatewayError } from '../core/gateway-error.js';
import { isJsonObject } from '../core/json-guards.js';

/**
 * The JSON object a stream event carries; `upstream_bad_response` otherwise.
 * @param kind The event as the error names it, e.g. `stream` or `contentBlockDelta`.
 */
export function parseEventObject(data: string, kind: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new GatewayError('upstream_bad_response', `The provider sent a ${kind} event that is not JSON.`);
  }
  if (!isJsonObject(parsed)) {
    throw new GatewayError(
      'upstream_bad_response',
      `The provider sent a ${kind} event that is not an object.`,
    );
  }
  return parsed;
}
