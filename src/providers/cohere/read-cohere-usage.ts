import type { JsonValue, Usage } from '../../core/chat.js';
import { isJsonObject, optionalNumber } from '../../core/json-guards.js';

/**
 * Cohere `usage` → canonical usage; undefined when absent. Cohere reports `billed_units` (what the
 * account pays for) and `tokens` (which also count the prompt template Cohere adds); billed units
 * are used so that cost accounting matches the invoice, tokens only when billed units are missing.
 * https://docs.cohere.com/reference/chat#response.body.usage
 */
export function readCohereUsage(value: JsonValue | undefined): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const billed = value['billed_units'];
  const counts = isJsonObject(billed) ? billed : value['tokens'];
  if (!isJsonObject(counts)) return undefined;
  const inputTokens = optionalNumber(counts['input_tokens']) ?? 0;
  const outputTokens = optionalNumber(counts['output_tokens']) ?? 0;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}
