import { GatewayError } from '../../core/gateway-error.js';
import type { OpenAiChatRequest } from './chat-request-schema.js';

/**
 * Rules between fields that the schema cannot express. Checked on every request, passthrough
 * included, so a malformed conversation is refused before it costs an upstream call.
 */
export function checkMessageRules(body: OpenAiChatRequest): void {
  body.messages.forEach((message, index) => {
    if (message.role === 'tool' && (message.tool_call_id === undefined || message.tool_call_id === '')) {
      throw new GatewayError(
        'invalid_request',
        `Missing 'messages[${index}].tool_call_id': a tool message answers a tool call.`,
        {
          param: `messages[${index}].tool_call_id`,
        },
      );
    }
    if (message.role === 'assistant' && message.content == null && (message.tool_calls?.length ?? 0) === 0) {
      throw new GatewayError(
        'invalid_request',
        `'messages[${index}]' is an assistant message with neither content nor tool_calls.`,
        {
          param: `messages[${index}].content`,
        },
      );
    }
    if (message.role !== 'assistant' && message.role !== 'tool' && message.content == null) {
      throw new GatewayError('invalid_request', `Missing 'messages[${index}].content'.`, {
        param: `messages[${index}].content`,
      });
    }
  });
  const toolNames = new Set<string>();
  body.tools?.forEach((tool, index) => {
    if (toolNames.has(tool.function.name)) {
      throw new GatewayError(
        'invalid_request',
        `Duplicate tool name '${tool.function.name}' in 'tools[${index}]'.`,
        {
          param: `tools[${index}].function.name`,
        },
      );
    }
    toolNames.add(tool.function.name);
  });
}
