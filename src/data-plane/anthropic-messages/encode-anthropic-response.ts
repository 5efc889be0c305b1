import type { ChatResponse, JsonObject, JsonValue, ReasoningPart, ToolCall } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';
import { newAnthropicMessageId } from './new-anthropic-message-id.js';
import { encodeAnthropicStopReason } from './encode-anthropic-stop-reason.js';
import { encodeAnthropicUsage } from './encode-anthropic-usage.js';

/**
 * Canonical response → Anthropic `message` object. Anthropic has no choices: the first one is
 * the message. Blocks come in the order Anthropic itself produces them: thinking, text, tool use.
 * https://docs.anthropic.com/en/api/messages
 */
export function encodeAnthropicResponse(response: ChatResponse): JsonObject {
  const choice = response.choices[0];
  const content: JsonValue[] = [];
  if (choice !== undefined) {
    content.push(...choice.reasoning.map(encodeThinkingBlock));
    const text = choice.text ?? choice.refusal;
    if (text !== undefined && text !== null && text !== '') content.push({ type: 'text', text });
    content.push(...choice.toolCalls.map(encodeToolUseBlock));
  }
  const toolCalls = choice?.toolCalls.length ?? 0;
  // OpenAI reports a refusal as a normal stop with the refusal in its own field.
  const refused = choice?.refusal !== undefined && choice.text === null;
  return {
    id: response.id === '' ? newAnthropicMessageId() : response.id,
    type: 'message',
    role: 'assistant',
    model: response.model,
    content,
    stop_reason: refused ? 'refusal' : encodeAnthropicStopReason(choice?.finishReason ?? null, toolCalls > 0),
    stop_sequence: null,
    usage: encodeAnthropicUsage(response.usage),
  };
}

/**
 * A reasoning part as a `thinking` (or `redacted_thinking`) block. Reasoning from providers that
 * sign nothing gets an empty signature, which the decoder reads back as none.
 */
export function encodeThinkingBlock(part: ReasoningPart): JsonObject {
  if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
  return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
}

function encodeToolUseBlock(call: ToolCall): JsonObject {
  return { type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) };
}

/**
 * Anthropic gives tool input as an object. Arguments that are not a JSON object (a model cut off
 * mid-call) become an empty object, as clients cannot run a call with half its input anyway.
 */
export function toolInput(argumentsJson: string): JsonObject {
  if (argumentsJson.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(argumentsJson);
    return isJsonObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
