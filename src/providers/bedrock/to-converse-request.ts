import type { ChatRequest, JsonObject } from '../../core/chat.js';
import { jsonObjectInstruction } from '../anthropic-shape/json-response-tool.js';
import { maxTokensForThinking } from '../anthropic-shape/max-tokens-for-thinking.js';
import { refuseSeveralChoices } from '../anthropic-shape/refuse-several-choices.js';
import { unsupportedSettingWarnings } from '../anthropic-shape/unsupported-setting-warnings.js';
import type { RequestPlan } from '../request-plan.js';
import type { ConverseInferenceConfig, ConverseRequestBody } from './converse-wire.js';
import { toConverseMessages } from './to-converse-messages.js';
import { toConverseThinking } from './to-converse-thinking.js';
import { toConverseTools } from './to-converse-tools.js';

export type ConverseRequestPlan = RequestPlan<ConverseRequestBody>;

/**
 * Canonical request → body of `POST /model/{modelId}/converse` (or `/converse-stream`: same body).
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export function toConverseRequest(request: ChatRequest): ConverseRequestPlan {
  refuseSeveralChoices(request, 'Bedrock');
  const conversation = toConverseMessages(request.messages);
  const warnings = [...conversation.warnings];
  const body: ConverseRequestBody = { messages: conversation.messages };
  const system = conversation.system;
  if (request.responseFormat?.type === 'json_object') {
    system.push({ text: jsonObjectInstruction });
    warnings.push('response_format json_object is emulated on bedrock with a system instruction');
  }
  if (request.responseFormat?.type === 'json_schema')
    warnings.push('response_format json_schema is emulated on bedrock with a forced json_response tool');
  if (system.length > 0) body.system = system;
  const toolConfig = toConverseTools(request, conversation.hasToolBlocks, warnings);
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  const inference = toInferenceConfig(request);
  const thinking = toConverseThinking(request, warnings);
  if (thinking !== undefined) {
    applyThinking(inference, thinking, request, warnings);
    body.additionalModelRequestFields = { thinking };
  }
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;
  const user = request.user === undefined ? [] : ['user'];
  warnings.push(...unsupportedSettingWarnings(request, 'bedrock', user));
  return { body, warnings };
}

function toInferenceConfig(request: ChatRequest): ConverseInferenceConfig {
  const config: ConverseInferenceConfig = {};
  if (request.maxTokens !== undefined) config.maxTokens = request.maxTokens;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) config.stopSequences = request.stop;
  return config;
}

/** Claude's thinking constraints apply on Bedrock too: https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html */
function applyThinking(
  inference: ConverseInferenceConfig,
  thinking: JsonObject,
  request: ChatRequest,
  warnings: string[],
): void {
  if (thinking['type'] === 'disabled') return;
  const maxTokens = maxTokensForThinking(thinking, inference.maxTokens, request, warnings, 'bedrock');
  if (maxTokens !== undefined) inference.maxTokens = maxTokens;
  if (inference.temperature !== undefined) {
    delete inference.temperature;
    warnings.push('temperature cannot be combined with thinking on bedrock; ignored');
  }
}
