import type { FinishReason, JsonValue } from '../../core/chat.js';

const finishByReason: ReadonlyMap<string, FinishReason | 'error'> = new Map([
  ['COMPLETE', 'stop'],
  ['STOP_SEQUENCE', 'stop'],
  ['MAX_TOKENS', 'length'],
  ['TOOL_CALL', 'tool_calls'],
  ['ERROR', 'error'],
  ['TIMEOUT', 'error'],
]);

/**
 * Cohere `finish_reason` → canonical; `error` when Cohere says the generation failed (the caller
 * raises it), null when absent, `stop` for reasons added after this table.
 * https://docs.cohere.com/reference/chat#response.body.finish_reason
 */
export function readCohereFinishReason(value: JsonValue | undefined): FinishReason | 'error' | null {
  if (typeof value !== 'string' || value === '') return null;
  return finishByReason.get(value) ?? 'stop';
}
