import type { Pricing } from '../catalog/pricing.js';
import type { GatewayContext } from './gateway-context.js';

/** Output tokens assumed when neither the request nor the catalogue bounds the answer. */
const fallbackMaxOutputTokens = 4_096;

/** What a call may cost at most, reserved against limits and budgets before it runs. */
export interface Reservation {
  /** Input tokens (estimated) plus the output the client asked for at most (`max_tokens`). */
  tokens: number;
  /** Input estimate × input price + largest possible output × output price, over every target. */
  costUsd: number;
}

/**
 * The ceiling of a call, before it runs. Input tokens come from the tokenizer estimate when
 * one was made, else from the body size at 3 bytes per token (above the real count for normal
 * text, so it errs toward reserving too much; the reservation is reconciled afterwards). The
 * cost takes the dearest target, since fallback may end on any of them.
 */
export function estimateReservation(context: GatewayContext, pricing: Pricing): Reservation {
  const inputTokens = context.inputTokenEstimate ?? Math.ceil(context.bodyBytes / 3);
  const requested = requestedMaxOutput(context.body);
  let costUsd = 0;
  for (const target of context.route?.targets ?? []) {
    const maxOutput =
      requested ??
      pricing.info(target.providerType, target.model)?.maxOutputTokens ??
      fallbackMaxOutputTokens;
    const cost = pricing.cost(target.providerType, target.model, {
      inputTokens,
      outputTokens: maxOutput,
      totalTokens: inputTokens + maxOutput,
    });
    if (cost !== undefined && cost > costUsd) costUsd = cost;
  }
  return { tokens: inputTokens + (requested ?? 0), costUsd };
}

/** The output cap the client set, in whichever dialect it spoke. */
function requestedMaxOutput(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  const generation = fields['generationConfig'];
  return (
    positive(fields['max_completion_tokens']) ?? // OpenAI Chat (current)
    positive(fields['max_tokens']) ?? // OpenAI Chat (legacy), Anthropic Messages
    positive(fields['max_output_tokens']) ?? // OpenAI Responses
    (typeof generation === 'object' && generation !== null
      ? positive((generation as Record<string, unknown>)['maxOutputTokens']) // Gemini
      : undefined)
  );
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 ? Math.ceil(value) : undefined;
}
