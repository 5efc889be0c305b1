import type { JsonValue, Usage } from '../../core/chat.js';
import { isJsonObject, optionalNumber } from '../../core/json-guards.js';

/**
 * Gemini `usageMetadata` → canonical usage; undefined when absent. Thought tokens are billed as
 * output but not counted in `candidatesTokenCount`, so they are added to the output tokens.
 * https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function readGeminiUsage(value: JsonValue | undefined): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const inputTokens = optionalNumber(value['promptTokenCount']) ?? 0;
  const thoughts = optionalNumber(value['thoughtsTokenCount']);
  const outputTokens = (optionalNumber(value['candidatesTokenCount']) ?? 0) + (thoughts ?? 0);
  const usage: Usage = {
    inputTokens,
    outputTokens,
    totalTokens: optionalNumber(value['totalTokenCount']) ?? inputTokens + outputTokens,
  };
  const cached = optionalNumber(value['cachedContentTokenCount']);
  if (cached !== undefined) usage.cachedInputTokens = cached;
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  return usage;
}
