import type { JsonObject, ToolCall } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';

/**
 * A tool call's arguments as the input object Anthropic and Converse take; arguments that are not
 * a JSON object are refused, naming the call by its place in `messages`.
 */
export function toolCallInput(call: ToolCall, index: number, callIndex: number): JsonObject {
  // Some clients send "" for a call without arguments; that is the empty object, not bad JSON.
  if (call.arguments.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.arguments);
  } catch {
    parsed = undefined;
  }
  if (isJsonObject(parsed)) return parsed;
  throw new GatewayError(
    'invalid_request',
    `The arguments of 'messages[${index}].tool_calls[${callIndex}]' (${call.name}) are not a JSON object.`,
    { param: 'messages' },
  );
}
