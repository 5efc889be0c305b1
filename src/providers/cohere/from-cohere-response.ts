import type { ChatResponse, JsonObject, ReasoningPart, ToolCall } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { newCompletionId } from '../../core/ids.js';
import { arrayOrEmpty, isJsonObject, optionalString } from '../../core/json-guards.js';
import { readCohereFinishReason } from './read-cohere-finish-reason.js';
import { readCohereUsage } from './read-cohere-usage.js';

/**
 * Cohere v2 chat response → canonical response. `text` blocks become the answer, `thinking`
 * blocks and the `tool_plan` become reasoning, `tool_calls` keep their ids and JSON arguments.
 * Cohere names no model in its answer, so the requested one is reported.
 * https://docs.cohere.com/reference/chat#response
 */
export function fromCohereResponse(body: unknown, requestModel: string, providerId: string): ChatResponse {
  if (!isJsonObject(body) || !isJsonObject(body['message'])) {
    throw new GatewayError('upstream_bad_response', 'The Cohere response has no `message` object.');
  }
  const message = body['message'];
  const finishReason = readCohereFinishReason(body['finish_reason']);
  if (finishReason === 'error') {
    const reason = optionalString(body['finish_reason']) ?? 'ERROR';
    throw new GatewayError('upstream_error', `Provider ${providerId} ended the generation with ${reason}.`, {
      provider: { provider: providerId, message: `finish_reason ${reason}`, type: reason },
    });
  }
  const texts: string[] = [];
  const thoughts: string[] = [];
  const plan = optionalString(message['tool_plan']);
  if (plan !== undefined && plan !== '') thoughts.push(plan);
  for (const block of arrayOrEmpty(message['content'])) {
    if (!isJsonObject(block)) continue;
    if (block['type'] === 'text') texts.push(optionalString(block['text']) ?? '');
    if (block['type'] === 'thinking') thoughts.push(optionalString(block['thinking']) ?? '');
  }
  const reasoning: ReasoningPart[] =
    thoughts.length === 0 ? [] : [{ type: 'reasoning', text: thoughts.join('') }];
  const response: ChatResponse = {
    id: optionalString(body['id']) ?? newCompletionId(),
    model: requestModel,
    created: Math.floor(Date.now() / 1000),
    choices: [
      {
        index: 0,
        text: texts.length === 0 ? null : texts.join(''),
        reasoning,
        toolCalls: arrayOrEmpty(message['tool_calls']).filter(isJsonObject).map(readToolCall),
        finishReason,
      },
    ],
  };
  const usage = readCohereUsage(body['usage']);
  if (usage !== undefined) response.usage = usage;
  return response;
}

/** Cohere sends arguments as JSON text already; an absent one is the empty object. */
function readToolCall(call: JsonObject): ToolCall {
  const fn = isJsonObject(call['function']) ? call['function'] : {};
  return {
    id: optionalString(call['id']) ?? '',
    name: optionalString(fn['name']) ?? '',
    arguments: optionalString(fn['arguments']) ?? '{}',
  };
}
