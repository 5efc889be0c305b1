import type { ChatRequest, JsonObject } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { optionalNumber } from '../../core/json-guards.js';
import type { ConverseInferenceConfig, ConverseRequestBody } from './converse-wire.js';
import { toConverseMessages } from './to-converse-messages.js';
import { toConverseThinking } from './to-converse-thinking.js';
import { toConverseTools } from './to-converse-tools.js';

/** Room left for the visible answer when `maxTokens` has to be raised above a thinking budget. */
const answerTokensAboveBudget = 4096;

/** Converse has no JSON mode; `json_object` is asked for in the system prompt. */
export const jsonObjectInstruction = 'Respond with a single JSON object only.';

/** A Converse request body and the client settings it could not carry. */
export interface ConverseRequestPlan {
  body: ConverseRequestBody;
  /** One sentence per dropped or changed setting; empty when everything was honoured. */
  warnings: string[];
}

/**
 * Canonical request → body of `POST /model/{modelId}/converse` (or `/converse-stream`: same body).
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export function toConverseRequest(request: ChatRequest): ConverseRequestPlan {
  if (request.n !== undefined && request.n > 1) {
    throw new GatewayError('unsupported_parameter', 'n > 1 is not supported by Bedrock', { param: 'n' });
  }
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
  warnings.push(...unsupportedSettingWarnings(request));
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
  const budget = optionalNumber(thinking['budget_tokens']);
  if (budget !== undefined && (inference.maxTokens === undefined || inference.maxTokens <= budget)) {
    inference.maxTokens = budget + answerTokensAboveBudget;
    if (request.maxTokens !== undefined) {
      warnings.push(
        `max_tokens raised to ${inference.maxTokens} as bedrock requires it above the thinking budget`,
      );
    }
  }
  if (inference.temperature !== undefined) {
    delete inference.temperature;
    warnings.push('temperature cannot be combined with thinking on bedrock; ignored');
  }
}

/** Settings Converse has no common field for; a zero penalty changes nothing and is not reported. */
function unsupportedSettingWarnings(request: ChatRequest): string[] {
  const dropped: string[] = [];
  if (request.seed !== undefined) dropped.push('seed');
  if (request.presencePenalty !== undefined && request.presencePenalty !== 0)
    dropped.push('presence_penalty');
  if (request.frequencyPenalty !== undefined && request.frequencyPenalty !== 0)
    dropped.push('frequency_penalty');
  if (request.logprobs === true || request.topLogprobs !== undefined) dropped.push('logprobs');
  if (request.user !== undefined) dropped.push('user');
  return dropped.map((setting) => `${setting} is not supported by bedrock; ignored`);
}
