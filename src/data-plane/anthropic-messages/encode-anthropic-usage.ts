import type { JsonObject, Usage } from '../../core/chat.js';

/**
 * Canonical usage → Anthropic `usage`. Anthropic's `input_tokens` counts only the input that was
 * neither read from nor written to the prompt cache, so both are taken out of the canonical total.
 * Absent usage is reported as zeros, as Anthropic clients read these fields unconditionally.
 * https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function encodeAnthropicUsage(usage: Usage | undefined): JsonObject {
  const cacheRead = usage?.cachedInputTokens ?? 0;
  const cacheWrite = usage?.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.inputTokens ?? 0) - cacheRead - cacheWrite),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: usage?.outputTokens ?? 0,
  };
}
