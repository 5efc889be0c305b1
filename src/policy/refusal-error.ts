import { GatewayError } from '../core/gateway-error.js';
import type { CompiledBudget, CompiledLimit } from './compile-rules.js';
import type { CounterEntry } from './counter-store.js';
import { formatResetDuration } from './admission.js';
import { formatMicroUsd } from './micro-usd.js';
import type { AdmitRequest } from './policy-rules.js';

/** What a counter entry of an admission stands for. */
export type EntryKind = 'concurrent' | 'requests' | 'tokens' | 'budget';

/** Length of the sliding window of requests and tokens per minute: no wait reported exceeds it. */
const windowMs = 60_000;

/** The refusal of a call that may reach a model without a price while a budget applies. */
export function unpricedError(budget: CompiledBudget, model: string): GatewayError {
  return new GatewayError(
    'model_unpriced',
    `Model ${model} has no price, so the ${describeBudget(budget)} cannot bound this call. ` +
      "An admin can set its price in the provider's `prices` (or a `pricing.default`).",
  );
}

function describeBudget({ rule, limitMicroUsd }: CompiledBudget): string {
  return `${rule.period} budget of ${formatMicroUsd(limitMicroUsd)} for ${rule.scope} ${rule.scopeId}`;
}

/**
 * The error for a refused admission: 429 for limits (Retry-After = when the sliding window has
 * room again, at most its 60 s), 402 for budgets (Retry-After = end of the period). `entry.used`
 * must be current.
 */
export function refusalError(
  kind: EntryKind,
  owner: CompiledLimit | CompiledBudget,
  entry: CounterEntry,
  retryAfterMs: number,
  request: AdmitRequest,
  nowMs: number,
): GatewayError {
  if (kind === 'budget') {
    const budget = describeBudget(owner as CompiledBudget);
    // Printed from the very micro-dollar integers the check compared, so the sum is visibly over.
    const message =
      entry.amount > entry.limit
        ? `This call may cost up to ${formatMicroUsd(entry.amount)}, more than the whole ${budget}.`
        : `The ${budget} is spent: ${formatMicroUsd(entry.used)} committed + up to ` +
          `${formatMicroUsd(entry.amount)} for this call = ${formatMicroUsd(entry.used + entry.amount)}.`;
    return new GatewayError('budget_exceeded', message, {
      retryAfterSeconds: Math.max(1, Math.ceil((entry.windowEndMs - nowMs) / 1000)),
    });
  }
  const { scope, scopeId, concurrent, requestsPerMinute, tokensPerMinute } = owner as CompiledLimit;
  if (kind === 'concurrent') {
    return new GatewayError(
      'too_many_concurrent',
      `${concurrent} calls are already in flight for ${scope} ${scopeId}.`,
      {
        retryAfterSeconds: 1,
      },
    );
  }
  if (!Number.isFinite(retryAfterMs)) {
    return new GatewayError(
      'gateway_rate_limited',
      `The call's ${request.estimatedTokens} estimated tokens exceed the limit of ${tokensPerMinute} tokens per minute for ${scope} ${scopeId}.`,
    );
  }
  // A per-minute limit never asks for more than its minute; header and Retry-After say the same.
  const retryAfterSeconds = Math.max(1, Math.ceil(Math.min(retryAfterMs, windowMs) / 1000));
  const message =
    kind === 'requests'
      ? `The limit of ${requestsPerMinute} requests per minute for ${scope} ${scopeId} is reached.`
      : `The limit of ${tokensPerMinute} tokens per minute for ${scope} ${scopeId} is reached (this call needs ${request.estimatedTokens}).`;
  // The limit that refused, in OpenAI's header names, so clients can pace themselves.
  const unit = kind === 'requests' ? 'requests' : 'tokens';
  const headers = {
    [`x-ratelimit-limit-${unit}`]: String(kind === 'requests' ? requestsPerMinute : tokensPerMinute),
    [`x-ratelimit-remaining-${unit}`]: String(Math.max(0, Math.floor(entry.limit - entry.used))),
    [`x-ratelimit-reset-${unit}`]: formatResetDuration(retryAfterSeconds * 1000),
  };
  return new GatewayError('gateway_rate_limited', message, { retryAfterSeconds, headers });
}
