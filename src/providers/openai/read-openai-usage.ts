import type { JsonValue, Usage } from '../../core/chat.js';
import { isJsonObject, optionalNumber } from '../../core/json-guards.js';

/** OpenAI-shaped `usage` → canonical usage; undefined when absent or not an object. */
export function readOpenAiUsage(value: JsonValue | undefined): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const inputTokens = optionalNumber(value['prompt_tokens']) ?? 0;
  const outputTokens = optionalNumber(value['completion_tokens']) ?? 0;
  const usage: Usage = {
    inputTokens,
    outputTokens,
    totalTokens: optionalNumber(value['total_tokens']) ?? inputTokens + outputTokens,
  };
  const promptDetails = value['prompt_tokens_details'];
  if (isJsonObject(promptDetails)) {
    const cached = optionalNumber(promptDetails['cached_tokens']);
    if (cached !== undefined) usage.cachedInputTokens = cached;
    const written = optionalNumber(promptDetails['cache_creation_tokens']);
    if (written !== undefined) usage.cacheWriteTokens = written;
  }
  const completionDetails = value['completion_tokens_details'];
  if (isJsonObject(completionDetails)) {
    const reasoning = optionalNumber(completionDetails['reasoning_tokens']);
    if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  }
  return usage;
}
