import type { JsonValue, Usage } from '../../core/chat.js';
import { isJsonObject, optionalNumber } from '../../core/json-guards.js';

/**
 * Anthropic `usage` → canonical usage; undefined when absent. Anthropic's `input_tokens` counts
 * only uncached input, so cache reads and writes are added to get the prompt size OpenAI reports.
 * https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function readAnthropicUsage(value: JsonValue | undefined): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const cacheRead = optionalNumber(value['cache_read_input_tokens']);
  const cacheWrite = optionalNumber(value['cache_creation_input_tokens']);
  const inputTokens = (optionalNumber(value['input_tokens']) ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const outputTokens = optionalNumber(value['output_tokens']) ?? 0;
  const usage: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (cacheRead !== undefined) usage.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite;
  return usage;
}
