import type { JsonValue, Usage } from '../../core/chat.js';
import { isJsonObject, optionalNumber } from '../../core/json-guards.js';

/**
 * Converse `usage` → canonical usage; undefined when absent. Like Anthropic's, Bedrock's
 * `inputTokens` leaves out prompt-cache reads and writes, so they are added back to get the
 * prompt size OpenAI reports. https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 */
export function readConverseUsage(value: JsonValue | undefined): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const cacheRead = optionalNumber(value['cacheReadInputTokens']);
  const cacheWrite = optionalNumber(value['cacheWriteInputTokens']);
  const inputTokens = (optionalNumber(value['inputTokens']) ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const outputTokens = optionalNumber(value['outputTokens']) ?? 0;
  const usage: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (cacheRead !== undefined) usage.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite;
  return usage;
}
