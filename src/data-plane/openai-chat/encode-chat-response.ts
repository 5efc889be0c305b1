import type { ChatChoice, ChatResponse, JsonObject, JsonValue, ReasoningPart } from '../../core/chat.js';
import { encodeUsage } from './encode-usage.js';

/** Canonical response → OpenAI `chat.completion` object. */
export function encodeChatResponse(response: ChatResponse): JsonObject {
  const body: JsonObject = {
    id: response.id,
    object: 'chat.completion',
    created: response.created,
    model: response.model,
    choices: response.choices.map(encodeChoice),
  };
  if (response.usage !== undefined) body['usage'] = encodeUsage(response.usage);
  if (response.systemFingerprint !== undefined) body['system_fingerprint'] = response.systemFingerprint;
  return body;
}

function encodeChoice(choice: ChatChoice): JsonObject {
  const message: JsonObject = { role: 'assistant', content: choice.text, refusal: choice.refusal ?? null };
  if (choice.reasoning.length > 0) {
    message['reasoning_content'] = choice.reasoning.map((part) => part.text).join('');
    message['thinking_blocks'] = choice.reasoning.map(encodeThinkingBlock);
  }
  if (choice.toolCalls.length > 0) {
    message['tool_calls'] = choice.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    index: choice.index,
    message,
    logprobs: choice.logprobs ?? null,
    finish_reason: choice.finishReason,
  };
}

/**
 * Reasoning blocks with their signatures, in the `thinking_blocks` shape LiteLLM made common, so
 * that clients can send them back unchanged on the next turn (Anthropic verifies signatures).
 */
export function encodeThinkingBlock(part: ReasoningPart): JsonValue {
  if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
  return {
    type: 'thinking',
    thinking: part.text,
    ...(part.signature === undefined ? {} : { signature: part.signature }),
  };
}
