import type { Usage } from '../core/chat.js';
import type { ModelPrices } from './model-catalog.js';

/**
 * The cost in USD of one call, from its usage and the model's prices (USD per 1M tokens):
 *
 * ```
 * uncached  = inputTokens − cachedInputTokens − cacheWriteTokens
 * cost = ( uncached          × input
 *        + cachedInputTokens × (cachedInput ?? input)
 *        + cacheWriteTokens  × (cacheWrite ?? input)
 *        + (outputTokens − reasoningTokens) × output
 *        + reasoningTokens   × (reasoning ?? output) ) / 1,000,000
 * ```
 *
 * `inputTokens` includes cached and cache-written tokens and `outputTokens` includes reasoning
 * tokens, as in the canonical `Usage`; absent counts are 0. Counts a provider over-reports
 * (more cached than input, more reasoning than output) are capped so no term goes negative.
 * Rounded to 1e-9 USD. See docs/catalog.md.
 */
export function computeCost(usage: Usage, prices: ModelPrices): number {
  const cacheRead = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const cacheWrite = Math.min(usage.cacheWriteTokens ?? 0, usage.inputTokens - cacheRead);
  const uncached = usage.inputTokens - cacheRead - cacheWrite;
  const reasoning = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens);
  const microUsd =
    uncached * prices.input +
    cacheRead * (prices.cachedInput ?? prices.input) +
    cacheWrite * (prices.cacheWrite ?? prices.input) +
    (usage.outputTokens - reasoning) * prices.output +
    reasoning * (prices.reasoning ?? prices.output);
  // Tokens × USD per 1M tokens is micro-USD; × 1e3, rounded, / 1e9 gives USD to 1e-9.
  return Math.round(microUsd * 1e3) / 1e9;
}
