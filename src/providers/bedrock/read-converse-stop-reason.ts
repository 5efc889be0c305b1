import type { FinishReason, JsonValue } from '../../core/chat.js';

const finishByStopReason: ReadonlyMap<string, FinishReason> = new Map([
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['max_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool_calls'],
  ['guardrail_intervened', 'content_filter'],
  ['content_filtered', 'content_filter'],
]);

/**
 * Converse `stopReason` → canonical finish reason; null when absent, `stop` for reasons added
 * after this table. https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 */
export function readConverseStopReason(value: JsonValue | undefined): FinishReason | null {
  if (typeof value !== 'string') return null;
  return finishByStopReason.get(value) ?? 'stop';
}
