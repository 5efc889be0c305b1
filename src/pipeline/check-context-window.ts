import type { Pricing } from '../catalog/pricing.js';
import { estimateInputTokens } from '../catalog/estimate-input-tokens.js';
import { GatewayError } from '../core/gateway-error.js';
import type { Target } from '../routing/route-table.js';
import type { ParsedChatRequest } from './chat-dialect.js';
import type { GatewayContext } from './gateway-context.js';

/**
 * The request's estimated input tokens (gpt-tokenizer), computed once per request and kept on
 * the context for later checks (budgets). Tokenizing costs CPU, and the first call loads the
 * tokenizer, so callers ask only when needed.
 */
export async function estimatedInputTokens(
  context: GatewayContext,
  chat: ParsedChatRequest,
  model: string,
): Promise<number> {
  context.inputTokenEstimate ??= await estimateInputTokens(chat.toCanonical(model, []));
  return context.inputTokenEstimate;
}

/**
 * Refuses, before any upstream call, a request whose input cannot fit the target model's
 * context window. The body's byte size bounds its token count from above (a token covers at
 * least one byte), so requests smaller than the window are never tokenized and the check stays
 * synchronous (undefined); otherwise it returns a promise that rejects when the input is too long.
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
  const tokens = await estimatedInputTokens(context, chat, model);
  if (tokens <= contextWindow) return;
  throw new GatewayError(
    'context_length_exceeded',
    `This model's maximum context length is ${contextWindow} tokens; the messages take about ${tokens} tokens. Shorten them.`,
    { param: 'messages' },
  );
}
