import type { FinishReason, JsonValue } from '../../core/chat.js';

/** The stop reasons Claude gives on Anthropic's API and on Bedrock's Converse alike. */
const sharedStopReasons: readonly (readonly [string, FinishReason])[] = [
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['max_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool_calls'],
];

/**
 * A reader of one API's stop reason: the shared ones plus `own`; null when absent, `stop` for
 * reasons added after the table.
 */
export function claudeStopReader(
  own: readonly (readonly [string, FinishReason])[],
): (value: JsonValue | undefined) => FinishReason | null {
  const finishByStopReason: ReadonlyMap<string, FinishReason> = new Map([...sharedStopReasons, ...own]);
  return (value) => (typeof value === 'string' ? (finishByStopReason.get(value) ?? 'stop') : null);
}
