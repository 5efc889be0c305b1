import type { FinishReason, JsonObject, Usage } from '../../core/chat.js';

/**
 * Canonical usage → Gemini `usageMetadata`. Canonical output tokens include reasoning, while
 * Gemini counts thoughts apart from `candidatesTokenCount`, so they are split again.
 * https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function encodeGeminiUsage(usage: Usage): JsonObject {
  const thoughts = usage.reasoningTokens;
  const metadata: JsonObject = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - (thoughts ?? 0)),
    totalTokenCount: usage.totalTokens,
  };
  if (thoughts !== undefined) metadata['thoughtsTokenCount'] = thoughts;
  if (usage.cachedInputTokens !== undefined) metadata['cachedContentTokenCount'] = usage.cachedInputTokens;
  return metadata;
}

/**
 * Canonical finish reason → Gemini's. Gemini says `STOP` after function calls too.
 * https://ai.google.dev/api/generate-content#FinishReason
 */
export function encodeGeminiFinishReason(reason: FinishReason): string {
  switch (reason) {
    case 'stop':
    case 'tool_calls':
      return 'STOP';
    case 'length':
      return 'MAX_TOKENS';
    case 'content_filter':
      return 'SAFETY';
  }
}
