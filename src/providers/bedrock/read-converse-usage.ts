import type { JsonValue, Usage } from '../../core/chat.js';
import { readCacheAwareUsage, type UsageFieldNames } from '../anthropic-shape/read-cache-aware-usage.js';

const converseUsageFields: UsageFieldNames = {
  input: 'inputTokens',
  output: 'outputTokens',
  cacheRead: 'cacheReadInputTokens',
  cacheWrite: 'cacheWriteInputTokens',
};

/**
 * Converse `usage` → canonical usage; undefined when absent. Like Anthropic's, Bedrock's
 * `inputTokens` leaves out prompt-cache reads and writes, so they are added back to get the
 * prompt size OpenAI reports. https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 */
export function readConverseUsage(value: JsonValue | undefined): Usage | undefined {
  return readCacheAwareUsage(value, converseUsageFields);
}
