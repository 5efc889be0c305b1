import type { FinishReason, JsonValue } from '../../core/chat.js';

const finishByStopReason: ReadonlyMap<string, FinishReason> = new Map([
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['pause_turn', 'stop'],
  ['max_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool_calls'],
  ['refusal', 'content_filter'],
]);

/**
 * Anthropic `stop_reason` → canonical finish reason; null when absent, `stop` for reasons added
 * after this table. https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function readAnthropicStopReason(value: JsonValue | undefined): FinishReason | null {
  if (typeof value !== 'string') return null;
  return finishByStopReason.get(value) ?? 'stop';
}
