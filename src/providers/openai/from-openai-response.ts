import type { ChatChoice, ChatResponse, FinishReason, JsonValue, ToolCall } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { arrayOrEmpty, isJsonObject, optionalNumber, optionalString } from '../../core/json-guards.js';
import { newCompletionId } from '../../core/ids.js';
import { readOpenAiUsage } from './read-openai-usage.js';

const finishReasons = new Set<string>(['stop', 'length', 'tool_calls', 'content_filter']);

/** Maps OpenAI's `finish_reason` (and the legacy `function_call`) to the canonical one. */
export function readFinishReason(value: JsonValue | undefined): FinishReason | null {
  if (typeof value !== 'string') return null;
  if (value === 'function_call') return 'tool_calls';
  return finishReasons.has(value) ? (value as FinishReason) : 'stop';
}

/** OpenAI `chat.completion` body → canonical response. */
export function fromOpenAiResponse(body: unknown, fallbackModel: string): ChatResponse {
  if (!isJsonObject(body) || !Array.isArray(body['choices'])) {
    throw new GatewayError('upstream_bad_response', 'The provider response has no `choices` array.');
  }
  const response: ChatResponse = {
    id: optionalString(body['id']) ?? newCompletionId(),
    model: optionalString(body['model']) ?? fallbackModel,
    created: optionalNumber(body['created']) ?? Math.floor(Date.now() / 1000),
    choices: body['choices'].map(readChoice),
  };
  const usage = readOpenAiUsage(body['usage']);
  if (usage !== undefined) response.usage = usage;
  const fingerprint = optionalString(body['system_fingerprint']);
  if (fingerprint !== undefined) response.systemFingerprint = fingerprint;
  return response;
}

function readChoice(value: JsonValue, position: number): ChatChoice {
  const choice = isJsonObject(value) ? value : {};
  const message = isJsonObject(choice['message']) ? choice['message'] : {};
  const reasoning = optionalString(message['reasoning_content']) ?? optionalString(message['reasoning']);
  const refusal = optionalString(message['refusal']);
  const result: ChatChoice = {
    index: optionalNumber(choice['index']) ?? position,
    text: optionalString(message['content']) ?? null,
    reasoning: reasoning === undefined ? [] : [{ type: 'reasoning', text: reasoning }],
    toolCalls: arrayOrEmpty(message['tool_calls']).flatMap(readToolCall),
    finishReason: readFinishReason(choice['finish_reason']),
  };
  if (refusal !== undefined) result.refusal = refusal;
  if (choice['logprobs'] !== undefined && choice['logprobs'] !== null) result.logprobs = choice['logprobs'];
  return result;
}

function readToolCall(value: JsonValue): ToolCall[] {
  if (!isJsonObject(value) || !isJsonObject(value['function'])) return [];
  const fn = value['function'];
  return [
    {
      id: optionalString(value['id']) ?? '',
      name: optionalString(fn['name']) ?? '',
      arguments: optionalString(fn['arguments']) ?? '',
    },
  ];
}
