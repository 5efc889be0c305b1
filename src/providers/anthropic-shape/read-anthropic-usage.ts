import type { JsonValue, Usage } from '../../core/chat.js';
import { readCacheAwareUsage, type UsageFieldNames } from './read-cache-aware-usage.js';

const anthropicUsageFields: UsageFieldNames = {
  input: 'input_tokens',
  output: 'output_tokens',
  cacheRead: 'cache_read_input_tokens',
  cacheWrite: 'cache_creation_input_tokens',
};

/**
 * Anthropic `usage` → canonical usage; undefined when absent. Anthropic's `input_tokens` counts
 * only uncached input, so cache reads and writes are added to get the prompt size OpenAI reports.
 * https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function readAnthropicUsage(value: JsonValue | undefined): Usage | undefined {
  return readCacheAwareUsage(value, anthropicUsageFields);
}
