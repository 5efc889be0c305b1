import { computeCost } from '../../catalog/compute-cost.js';
import type { Pricing } from '../../catalog/pricing.js';
import { defaultReservedOutputTokens } from '../../config/build-route-policy.js';
import type { GatewayContext } from '../context/gateway-context.js';

/** What a call may cost at most, reserved against limits and budgets before it runs. */
export interface Reservation {
  /** Input tokens (estimated) plus the output reserved for every choice, on the largest target. */
  tokens: number;
  /** Input estimate × input price + reserved output × output price, on the dearest target. */
  costUsd: number;
  /** `provider/model` of a target that has no price (its cost cannot be bounded); absent when all are priced. */
  unpricedModel?: string | undefined;
}

/**
 * The ceiling of a call, before it runs, by one rule for token limits and budgets alike
 * (docs/limits-and-budgets.md):
 *
 * ```
 * output per choice = min(the call's output cap ?? route's reserved_output_tokens, model's output limit)
 * tokens = input estimate + choices × output per choice      (embeddings: no output)
 * cost   = input estimate × input price + choices × output per choice × output price
 * ```
 *
 * Input tokens come from the tokenizer estimate when one was made, else from the body size at
 * 3 bytes per token (above the real count for normal text). Both are taken on the target that
 * makes them largest, since fallback may end on any; settle replaces them by the real usage.
 */
export function estimateReservation(context: GatewayContext, pricing: Pricing): Reservation {
  const inputTokens = context.inputTokenEstimate ?? Math.ceil(context.bodyBytes / 3);
  const perChoice =
    requestedMaxOutput(context.body) ??
    context.route?.policy.reservedOutputTokens ??
    defaultReservedOutputTokens;
  const choices = context.choices ?? 1;
  let tokens = inputTokens;
  let costUsd = 0;
  let unpricedModel: string | undefined;
  for (const target of context.route?.targets ?? []) {
    const info = pricing.info(target.providerType, target.model);
    const outputTokens =
      context.embeddings !== undefined || info?.mode === 'embeddings'
        ? 0
        : choices * Math.min(perChoice, info?.maxOutputTokens ?? perChoice);
    if (inputTokens + outputTokens > tokens) tokens = inputTokens + outputTokens;
    const prices = pricing.prices(target);
    if (prices === undefined) {
      unpricedModel ??= `${target.providerId}/${target.model}`;
      continue;
    }
    const cost = computeCost({ inputTokens, outputTokens, totalTokens: inputTokens + outputTokens }, prices);
    if (cost > costUsd) costUsd = cost;
  }
  return { tokens, costUsd, unpricedModel };
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
