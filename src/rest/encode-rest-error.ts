import type { JsonObject } from '../core/chat.js';
import type { GatewayError } from '../core/gateway-error.js';
import type { GatewayContext } from '../pipeline/context/gateway-context.js';

/**
 * The body of every error the REST gateway answers itself (docs/rest-services.md, "Errors"):
 * `{"error": {"code", "message", "request_id"}}`; the status comes from the code table.
 */
export function encodeRestError(error: GatewayError, context: GatewayContext): JsonObject {
  return { error: { code: error.code, message: error.message, request_id: context.requestId } };
}
