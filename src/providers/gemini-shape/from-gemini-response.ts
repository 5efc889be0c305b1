import type { ChatChoice, ChatResponse, JsonObject, JsonValue, ToolCall } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { newCompletionId } from '../../core/ids.js';
import { arrayOrEmpty, isJsonObject, optionalNumber, optionalString } from '../../core/json-guards.js';
import { readGeminiBlockReason, readGeminiFinishReason } from './read-gemini-finish-reason.js';
import { readGeminiLogprobs } from './read-gemini-logprobs.js';
import { readGeminiToolCall } from './read-gemini-tool-call.js';
import { readGeminiUsage } from './read-gemini-usage.js';

/**
 * Gemini `GenerateContentResponse` → canonical response. A prompt Gemini blocked comes back
 * without candidates; it becomes one empty choice stopped by the content filter.
 * https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse
 */
export function fromGeminiResponse(body: unknown, fallbackModel: string): ChatResponse {
  if (!isJsonObject(body)) {
    throw new GatewayError('upstream_bad_response', 'The Gemini response is not a JSON object.');
  }
  const candidates = arrayOrEmpty(body['candidates']);
  let choices: ChatChoice[];
  if (candidates.length > 0) choices = candidates.map(readChoice);
  else if (readGeminiBlockReason(body) !== undefined) choices = [blockedChoice()];
  else throw new GatewayError('upstream_bad_response', 'The Gemini response has no candidates.');
  const response: ChatResponse = {
    id: optionalString(body['responseId']) ?? newCompletionId(),
    model: optionalString(body['modelVersion']) ?? fallbackModel,
    created: readGeminiCreated(body),
    choices,
  };
  const usage = readGeminiUsage(body['usageMetadata']);
  if (usage !== undefined) response.usage = usage;
  return response;
}

/** Unix seconds from `createTime` (sent by some deployments), else now. */
export function readGeminiCreated(body: JsonObject): number {
  const time = Date.parse(optionalString(body['createTime']) ?? '');
  return Math.floor((Number.isNaN(time) ? Date.now() : time) / 1000);
}

function blockedChoice(): ChatChoice {
  return { index: 0, text: null, reasoning: [], toolCalls: [], finishReason: 'content_filter' };
}

function readChoice(value: JsonValue, position: number): ChatChoice {
  const candidate = isJsonObject(value) ? value : {};
  const content = isJsonObject(candidate['content']) ? candidate['content'] : {};
  const texts: string[] = [];
  const thoughts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const part of arrayOrEmpty(content['parts'])) {
    if (!isJsonObject(part)) continue;
    const call = readGeminiToolCall(part);
    if (call !== undefined) toolCalls.push(call);
    const text = optionalString(part['text']);
    if (text === undefined || text === '') continue; // empty parts may carry only a signature
    if (part['thought'] === true) thoughts.push(text);
    else texts.push(text);
  }
  const choice: ChatChoice = {
    index: optionalNumber(candidate['index']) ?? position,
    text: texts.length === 0 ? null : texts.join(''),
    reasoning: thoughts.length === 0 ? [] : [{ type: 'reasoning', text: thoughts.join('') }],
    toolCalls,
    finishReason: readGeminiFinishReason(candidate['finishReason'], toolCalls.length > 0),
  };
  const logprobs = readGeminiLogprobs(candidate['logprobsResult']);
  if (logprobs !== undefined) choice.logprobs = logprobs;
  return choice;
}
