import type { JsonValue, Usage } from '../../core/chat.js';
import { isJsonObject, optionalNumber } from '../../core/json-guards.js';

/** A Responses `usage` object → canonical usage; undefined when absent or not an object. */
export function readResponsesUsage(value: JsonValue | undefined): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const inputTokens = optionalNumber(value['input_tokens']) ?? 0;
  const outputTokens = optionalNumber(value['output_tokens']) ?? 0;
  const usage: Usage = {
    inputTokens,
    outputTokens,
    totalTokens: optionalNumber(value['total_tokens']) ?? inputTokens + outputTokens,
  };
  const input = value['input_tokens_details'];
  if (isJsonObject(input)) {
    const cached = optionalNumber(input['cached_tokens']);
    if (cached !== undefined) usage.cachedInputTokens = cached;
    const written = optionalNumber(input['cache_write_tokens']);
    if (written !== undefined) usage.cacheWriteTokens = written;
  }
  const output = value['output_tokens_details'];
  if (isJsonObject(output)) {
    const reasoning = optionalNumber(output['reasoning_tokens']);
    if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  }
  return usage;
}
