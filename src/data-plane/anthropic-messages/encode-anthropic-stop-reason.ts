import type { FinishReason } from '../../core/chat.js';

/** Anthropic's `stop_reason` values the gateway can produce. */
export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'tool_use' | 'refusal';

/**
 * Canonical finish reason → Anthropic `stop_reason`; null while unknown. Some providers (Gemini)
 * finish calls with a plain stop, but Anthropic clients run tools only after `tool_use`, so any
 * answer that holds tool calls stops with `tool_use`. A matched stop sequence cannot be told
 * apart from a natural end (no translated upstream says which), so both are `end_turn`.
 * https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function encodeAnthropicStopReason(
  reason: FinishReason | null,
  hasToolCalls: boolean,
): AnthropicStopReason | null {
  switch (reason) {
    case null:
      return null;
    case 'stop':
    case 'tool_calls':
      return hasToolCalls || reason === 'tool_calls' ? 'tool_use' : 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'content_filter':
      return 'refusal';
  }
}
