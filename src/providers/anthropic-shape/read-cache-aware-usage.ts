import type { JsonValue, Usage } from '../../core/chat.js';
import { isJsonObject, optionalNumber } from '../../core/json-guards.js';

/** Where one wire format keeps the four counts, e.g. `input_tokens` on Anthropic, `inputTokens` on Converse. */
export interface UsageFieldNames {
  input: string;
  output: string;
  cacheRead: string;
  cacheWrite: string;
}

/**
 * A `usage` object whose input count leaves out prompt-cache reads and writes (Anthropic's and
 * Bedrock's) → canonical usage, with them added back to get the prompt size OpenAI reports;
 * undefined when absent.
 */
export function readCacheAwareUsage(
  value: JsonValue | undefined,
  fields: UsageFieldNames,
): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const cacheRead = optionalNumber(value[fields.cacheRead]);
  const cacheWrite = optionalNumber(value[fields.cacheWrite]);
  const inputTokens = (optionalNumber(value[fields.input]) ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const outputTokens = optionalNumber(value[fields.output]) ?? 0;
  const usage: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (cacheRead !== undefined) usage.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite;
  return usage;
}
