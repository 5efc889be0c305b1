import type { FinishReason, JsonObject, JsonValue } from '../../core/chat.js';
import { isJsonObject, optionalString } from '../../core/json-guards.js';

/** Finish reasons meaning a filter stopped the answer. https://ai.google.dev/api/generate-content#FinishReason */
const filterReasons: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/**
 * A candidate's `finishReason` → canonical; null while the candidate is still generating.
 * Gemini says `STOP` after function calls, where OpenAI clients expect `tool_calls`.
 */
export function readGeminiFinishReason(
  value: JsonValue | undefined,
  hasToolCalls: boolean,
): FinishReason | null {
  if (typeof value !== 'string' || value === '') return null;
  if (value === 'MAX_TOKENS') return 'length';
  if (filterReasons.has(value)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}

/**
 * `promptFeedback.blockReason` of a response whose prompt was blocked (it then has no
 * candidates); undefined otherwise. https://ai.google.dev/api/generate-content#PromptFeedback
 */
export function readGeminiBlockReason(response: JsonObject): string | undefined {
  const feedback = response['promptFeedback'];
  if (!isJsonObject(feedback)) return undefined;
  const reason = optionalString(feedback['blockReason']);
  return reason === '' || reason === 'BLOCKED_REASON_UNSPECIFIED' ? undefined : reason;
}
