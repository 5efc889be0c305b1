import type { FinishReason, JsonValue } from '../../core/chat.js';
import { claudeStopReader } from './claude-stop-reader.js';

const readStopReason = claudeStopReader([
  ['pause_turn', 'stop'],
  ['refusal', 'content_filter'],
]);

/**
 * Anthropic `stop_reason` → canonical finish reason; null when absent, `stop` for reasons added
 * after this table. https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function readAnthropicStopReason(value: JsonValue | undefined): FinishReason | null {
  return readStopReason(value);
}
