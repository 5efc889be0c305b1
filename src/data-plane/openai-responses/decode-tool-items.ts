import type { AssistantMessage, ChatMessage, JsonObject, JsonValue, ToolCall } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { assertValidAt } from './assert-valid-at.js';
import { wrapCustomInput } from './custom-tool-input.js';
import { decodeTextContent, type WireContent } from './decode-message-content.js';
import { localShellArguments, localShellToolName } from './local-shell-call.js';
import {
  customToolCallItemValidator,
  functionCallItemValidator,
  functionCallOutputItemValidator,
  localShellCallItemValidator,
  localShellCallOutputItemValidator,
} from './responses-request-schema.js';

/** Input item types that are a tool call or its result. */
export const toolItemTypes: ReadonlySet<string> = new Set([
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'local_shell_call_output',
]);

/**
 * A tool call item → an assistant message with that call; its result → a tool message. Custom
 * tool text and shell commands are encoded as the arguments their canonical functions take
 * (decode-responses-tools.ts), so a model sees its earlier calls as it made them.
 */
export function decodeToolItem(item: JsonObject, type: string, param: string): ChatMessage {
  switch (type) {
    case 'function_call':
      assertValidAt(functionCallItemValidator, item, param);
      return callMessage({
        id: str(item['call_id']),
        name: str(item['name']),
        arguments: str(item['arguments']),
      });
    case 'custom_tool_call':
      assertValidAt(customToolCallItemValidator, item, param);
      return callMessage({
        id: str(item['call_id']),
        name: str(item['name']),
        arguments: wrapCustomInput(str(item['input'])),
      });
    case 'local_shell_call': {
      assertValidAt(localShellCallItemValidator, item, param);
      const action = item['action'] as JsonObject;
      return callMessage({
        id: shellCallId(item, param),
        name: localShellToolName,
        arguments: localShellArguments(action),
      });
    }
    case 'local_shell_call_output':
      assertValidAt(localShellCallOutputItemValidator, item, param);
      return {
        role: 'tool',
        toolCallId: shellCallId(item, param),
        content: [{ type: 'text', text: str(item['output']) }],
      };
    default:
      // function_call_output and custom_tool_call_output share one shape.
      return decodeToolOutput(item, param);
  }
}

function decodeToolOutput(item: JsonObject, param: string): ChatMessage {
  assertValidAt(functionCallOutputItemValidator, item, param);
  const output = item['output'] as WireContent;
  return {
    role: 'tool',
    toolCallId: str(item['call_id']),
    content:
      typeof output === 'string'
        ? [{ type: 'text', text: output }]
        : decodeTextContent(output, 'tool', `${param}.output`),
  };
}

/** OpenAI puts the call id in `call_id` on a shell call and in `id` on its output; either is read. */
function shellCallId(item: JsonObject, param: string): string {
  const id = item['call_id'] ?? item['id'];
  if (typeof id === 'string' && id !== '') return id;
  throw new GatewayError('invalid_request', `Missing '${param}.call_id'.`, { param: `${param}.call_id` });
}

function callMessage(call: ToolCall): AssistantMessage {
  return { role: 'assistant', content: [], toolCalls: [call] };
}

/** Reads a field the item's validator already proved to be a string. */
function str(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}
