import type { Pricing } from '../../catalog/pricing.js';
import { estimateInputTokens } from '../../catalog/estimate-input-tokens.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { Target } from '../../routing/route-table.js';
import type { ParsedChatRequest } from '../dialect/chat-dialect.js';
import type { GatewayContext } from '../context/gateway-context.js';

/**
 * Refuses, before any upstream call, a request whose input cannot fit the target model's
 * context window. The body's byte size bounds its token count from above (a token covers at
 * least one byte), so requests smaller than the window are never counted and the check stays
 * synchronous (undefined); otherwise it returns a promise that rejects when the tokenizer's
 * count is over the window. When the input is too large or too slow to count exactly (see
 * count-text-tokens.ts) the call goes on and the provider judges: a linear estimate is not
 * sure enough to refuse on.
 */
export function checkContextWindow(
  context: GatewayContext,
  chat: ParsedChatRequest,
  target: Target,
  pricing: Pricing,
): Promise<void> | undefined {
  const info = pricing.info(target.provider.settings.type, target.model);
  if (info === undefined || context.bodyBytes < info.contextWindow) return undefined;
  return refuseOverLongInput(context, chat, target.model, info.contextWindow);
}

async function refuseOverLongInput(
  context: GatewayContext,
  chat: ParsedChatRequest,
  model: string,
  contextWindow: number,
): Promise<void> {
  if (context.inputTokenEstimate === undefined) {
    const counted = await estimateInputTokens(chat.toCanonical(model, []));
    if (!counted.exact) return;
    context.inputTokenEstimate = counted.tokens;
  }
  const tokens = context.inputTokenEstimate;
  if (tokens <= contextWindow) return;
  throw new GatewayError(
    'context_length_exceeded',
    `This model's maximum context length is ${contextWindow} tokens; the messages take about ${tokens} tokens. Shorten them.`,
    { param: 'messages' },
  );
}
