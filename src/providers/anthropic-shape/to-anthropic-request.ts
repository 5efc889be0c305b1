import type { ChatRequest, JsonObject } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { optionalNumber } from '../../core/json-guards.js';
import type { AnthropicRequestBody } from './anthropic-wire.js';
import { toAnthropicMessages } from './to-anthropic-messages.js';
import { toAnthropicThinking } from './to-anthropic-thinking.js';
import { toAnthropicTools } from './to-anthropic-tools.js';

/** Anthropic requires `max_tokens`; used when the client set no cap. */
export const defaultMaxTokens = 4096;

/** Room left for the visible answer when `max_tokens` has to be raised above a thinking budget. */
const answerTokensAboveBudget = 4096;

const jsonObjectInstruction = 'Respond with a single JSON object only.';

/** An Anthropic request body and the client settings it could not carry. */
export interface AnthropicRequestPlan {
  body: AnthropicRequestBody;
  /** One sentence per dropped or changed setting; empty when everything was honoured. */
  warnings: string[];
}

/** Canonical request → body of `POST /v1/messages`. https://docs.anthropic.com/en/api/messages */
export function toAnthropicRequest(request: ChatRequest): AnthropicRequestPlan {
  if (request.n !== undefined && request.n > 1) {
    throw new GatewayError('unsupported_parameter', 'n > 1 is not supported by Anthropic', { param: 'n' });
  }
  const conversation = toAnthropicMessages(request.messages);
  const warnings = [...conversation.warnings];
  const body: AnthropicRequestBody = {
    model: request.model,
    messages: conversation.messages,
    max_tokens: request.maxTokens ?? defaultMaxTokens,
  };
  const system = conversation.system;
  if (request.responseFormat?.type === 'json_object')
    system.push({ type: 'text', text: jsonObjectInstruction });
  if (system.length > 0) body.system = system;
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  Object.assign(body, toAnthropicTools(request, warnings));
  const thinking = toAnthropicThinking(request, warnings);
  if (thinking === undefined) {
    if (request.temperature !== undefined) body.temperature = request.temperature;
  } else {
    applyThinking(body, thinking, request, warnings);
  }
  if (request.stream) body.stream = true;
  warnings.push(...unsupportedSettingWarnings(request));
  return { body, warnings };
}

/** Thinking constrains other settings: https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking */
function applyThinking(
  body: AnthropicRequestBody,
  thinking: JsonObject,
  request: ChatRequest,
  warnings: string[],
): void {
  body.thinking = thinking;
  const budget = optionalNumber(thinking['budget_tokens']);
  if (budget !== undefined && body.max_tokens <= budget) {
    body.max_tokens = budget + answerTokensAboveBudget;
    if (request.maxTokens !== undefined) {
      warnings.push(
        `max_tokens raised to ${body.max_tokens} as anthropic requires it above the thinking budget`,
      );
    }
  }
  if (thinking['type'] !== 'disabled' && request.temperature !== undefined) {
    warnings.push('temperature cannot be combined with thinking on anthropic; ignored');
  }
  if (thinking['type'] === 'disabled' && request.temperature !== undefined)
    body.temperature = request.temperature;
}

/** Settings Anthropic has no counterpart for; a zero penalty changes nothing and is not reported. */
function unsupportedSettingWarnings(request: ChatRequest): string[] {
  const dropped: string[] = [];
  if (request.seed !== undefined) dropped.push('seed');
  if (request.presencePenalty !== undefined && request.presencePenalty !== 0)
    dropped.push('presence_penalty');
  if (request.frequencyPenalty !== undefined && request.frequencyPenalty !== 0)
    dropped.push('frequency_penalty');
  if (request.logprobs === true || request.topLogprobs !== undefined) dropped.push('logprobs');
  return dropped.map((setting) => `${setting} is not supported by anthropic; ignored`);
}
