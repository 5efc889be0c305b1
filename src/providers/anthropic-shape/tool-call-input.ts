import type { JsonObject, ToolCall } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { parseToolArguments } from '../parse-tool-arguments.js';

/**
 * A tool call's arguments as the input object Anthropic and Converse take; arguments that are not
 * a JSON object are refused, naming the call by its place in `messages`.
 */
export function toolCallInput(call: ToolCall, index: number, callIndex: number): JsonObject {
  const input = parseToolArguments(call.arguments);
  if (input !== undefined) return input;
  throw new GatewayError(
    'invalid_request',
    `The arguments of 'messages[${index}].tool_calls[${callIndex}]' (${call.name}) are not a JSON object.`,
    { param: 'messages' },
  );
}
