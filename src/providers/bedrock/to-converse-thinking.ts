import type { ChatRequest, JsonObject } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';
import { toAnthropicThinking } from '../anthropic-shape/to-anthropic-thinking.js';

/** Claude model ids, bare (`anthropic.claude-…`), as inference profiles (`us.anthropic.…`) or in ARNs. */
const anthropicModelPattern = /(^|[./])anthropic\./;

/** Whether Bedrock runs this model id as an Anthropic Claude model. */
export function isAnthropicModel(modelId: string): boolean {
  return anthropicModelPattern.test(modelId);
}

/**
 * Claude's `thinking` object for `additionalModelRequestFields`, from the client's own `thinking`
 * or its `reasoning_effort` (same budgets as the Anthropic translator); undefined when thinking
 * stays off. Other models have no common reasoning switch in Converse, so the setting is dropped
 * with a warning. https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html
 */
export function toConverseThinking(request: ChatRequest, warnings: string[]): JsonObject | undefined {
  const asked =
    isJsonObject(request.extra?.['thinking']) ||
    (request.reasoningEffort !== undefined && request.reasoningEffort !== 'none');
  if (!asked) return undefined;
  if (!isAnthropicModel(request.model)) {
    warnings.push('reasoning_effort is supported by bedrock for anthropic models only; ignored');
    return undefined;
  }
  const thinking = toAnthropicThinking(request, []);
  if (thinking === undefined)
    warnings.push(`reasoning_effort '${request.reasoningEffort ?? ''}' is not supported by bedrock; ignored`);
  return thinking;
}
