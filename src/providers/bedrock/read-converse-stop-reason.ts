import type { FinishReason, JsonValue } from '../../core/chat.js';
import { claudeStopReader } from '../anthropic-shape/claude-stop-reader.js';

const readStopReason = claudeStopReader([
  ['guardrail_intervened', 'content_filter'],
  ['content_filtered', 'content_filter'],
]);

/**
 * Converse `stopReason` → canonical finish reason; null when absent, `stop` for reasons added
 * after this table. https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 */
export function readConverseStopReason(value: JsonValue | undefined): FinishReason | null {
  return readStopReason(value);
}
