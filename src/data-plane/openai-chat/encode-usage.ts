import type { JsonObject, Usage } from '../../core/chat.js';

/** Canonical usage in OpenAI's shape; detail objects appear only when the provider reported them. */
export function encodeUsage(usage: Usage): JsonObject {
  const encoded: JsonObject = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
  };
  if (usage.cachedInputTokens !== undefined || usage.cacheWriteTokens !== undefined) {
    encoded['prompt_tokens_details'] = {
      cached_tokens: usage.cachedInputTokens ?? 0,
      ...(usage.cacheWriteTokens === undefined ? {} : { cache_creation_tokens: usage.cacheWriteTokens }),
    };
  }
  if (usage.reasoningTokens !== undefined) {
    encoded['completion_tokens_details'] = { reasoning_tokens: usage.reasoningTokens };
  }
  return encoded;
}
