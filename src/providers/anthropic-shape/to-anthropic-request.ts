import type { ChatRequest, JsonObject } from '../../core/chat.js';
import type { RequestPlan } from '../request-plan.js';
import type { AnthropicRequestBody } from './anthropic-wire.js';
import { jsonObjectInstruction } from './json-response-tool.js';
import { maxTokensForThinking } from './max-tokens-for-thinking.js';
import { refuseSeveralChoices } from './refuse-several-choices.js';
import { toAnthropicMessages } from './to-anthropic-messages.js';
import { toAnthropicThinking } from './to-anthropic-thinking.js';
import { toAnthropicTools } from './to-anthropic-tools.js';
import { unsupportedSettingWarnings } from './unsupported-setting-warnings.js';

/** Anthropic requires `max_tokens`; used when the client set no cap. */
export const defaultMaxTokens = 4096;

export type AnthropicRequestPlan = RequestPlan<AnthropicRequestBody>;

/** Canonical request → body of `POST /v1/messages`. https://docs.anthropic.com/en/api/messages */
export function toAnthropicRequest(request: ChatRequest): AnthropicRequestPlan {
  refuseSeveralChoices(request, 'Anthropic');
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
  warnings.push(...unsupportedSettingWarnings(request, 'anthropic'));
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
  const maxTokens = maxTokensForThinking(thinking, body.max_tokens, request, warnings, 'anthropic');
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  if (thinking['type'] !== 'disabled' && request.temperature !== undefined) {
    warnings.push('temperature cannot be combined with thinking on anthropic; ignored');
  }
  if (thinking['type'] === 'disabled' && request.temperature !== undefined)
    body.temperature = request.temperature;
}
