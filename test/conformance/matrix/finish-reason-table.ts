import type { FinishReason } from '../../../src/core/chat.js';
import type { IngressName } from './ingress-dialect.js';

/**
 * How each canonical finish reason is written in each ingress dialect. The first value is what
 * the gateway writes when it translates; the others are vendor values a same-dialect passthrough
 * relays untouched (e.g. Anthropic's `stop_sequence`, Gemini's `PROHIBITED_CONTENT`). Gemini
 * and Responses say the same for a plain stop and for tool calls: the calls in the answer tell
 * them apart. Responses values are `status` or `incomplete/<incomplete_details.reason>`.
 * https://docs.anthropic.com/en/api/handling-stop-reasons
 * https://ai.google.dev/api/generate-content#FinishReason
 * https://platform.openai.com/docs/api-reference/responses/object
 */
export const finishReasonTable: Readonly<
  Record<FinishReason, Readonly<Record<IngressName, readonly string[]>>>
> = {
  stop: {
    'anthropic-messages': ['end_turn', 'stop_sequence'],
    gemini: ['STOP'],
    'openai-responses': ['completed'],
  },
  length: {
    'anthropic-messages': ['max_tokens', 'model_context_window_exceeded'],
    gemini: ['MAX_TOKENS'],
    'openai-responses': ['incomplete/max_output_tokens'],
  },
  tool_calls: {
    'anthropic-messages': ['tool_use'],
    gemini: ['STOP'],
    'openai-responses': ['completed'],
  },
  content_filter: {
    'anthropic-messages': ['refusal'],
    gemini: ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY'],
    'openai-responses': ['incomplete/content_filter'],
  },
};

/**
 * A wire finish reason read back through the table, for dialects the gateway has no decoder of
 * (Responses): the reason whose values hold it, tool calls deciding between `stop` and `tool_calls`.
 */
export function finishReasonFromWire(
  dialect: IngressName,
  wire: string,
  hasToolCalls: boolean,
): FinishReason | undefined {
  const matches = (Object.keys(finishReasonTable) as FinishReason[]).filter((reason) =>
    finishReasonTable[reason][dialect].includes(wire),
  );
  if (matches.length > 1) return hasToolCalls ? 'tool_calls' : 'stop';
  return matches[0];
}
