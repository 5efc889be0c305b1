import type { ChatRequest, JsonObject } from '../../core/chat.js';
import { optionalNumber } from '../../core/json-guards.js';

/** Room left for the visible answer when the output cap has to be raised above a thinking budget. */
const answerTokensAboveBudget = 4096;

/**
 * The output cap a thinking request needs: Claude requires it above the thinking budget, on
 * Anthropic and on Bedrock alike; undefined when `current` already is (or there is no budget).
 * https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 *
 * @param current The cap the body carries so far; undefined when it sets none.
 * @param vendor The provider as the warning names it.
 */
export function maxTokensForThinking(
  thinking: JsonObject,
  current: number | undefined,
  request: ChatRequest,
  warnings: string[],
  vendor: string,
): number | undefined {
  const budget = optionalNumber(thinking['budget_tokens']);
  if (budget === undefined || (current !== undefined && current > budget)) return undefined;
  const raised = budget + answerTokensAboveBudget;
  if (request.maxTokens !== undefined)
    warnings.push(`max_tokens raised to ${raised} as ${vendor} requires it above the thinking budget`);
  return raised;
}
