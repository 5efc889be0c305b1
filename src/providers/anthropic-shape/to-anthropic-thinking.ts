import type { ChatRequest, JsonObject } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';

/** Thinking budgets (tokens) for OpenAI's `reasoning_effort`; Anthropic's minimum is 1024. */
const budgetByEffort: ReadonlyMap<string, number> = new Map([
  ['minimal', 1024],
  ['low', 2048],
  ['medium', 8192],
  ['high', 24576],
]);

/**
 * The `thinking` field for a request: the client's own `thinking` object when it sent one, else
 * one derived from `reasoning_effort`; undefined when thinking stays off.
 * https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 */
export function toAnthropicThinking(request: ChatRequest, warnings: string[]): JsonObject | undefined {
  const explicit = request.extra?.['thinking'];
  if (isJsonObject(explicit)) return explicit;
  const effort = request.reasoningEffort;
  if (effort === undefined || effort === 'none') return undefined;
  const budget = budgetByEffort.get(effort);
  if (budget === undefined) {
    warnings.push(`reasoning_effort '${effort}' is not supported by anthropic; ignored`);
    return undefined;
  }
  return { type: 'enabled', budget_tokens: budget };
}
