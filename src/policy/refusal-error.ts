import { GatewayError } from '../core/gateway-error.js';
import type { CompiledBudget, CompiledLimit } from './compile-rules.js';
import type { CounterEntry } from './counter-store.js';
import { addQuotaHeaders, formatResetDuration } from './admission.js';
import type { LimitCounter } from './limit-counters.js';
import { formatMicroUsd } from './micro-usd.js';
import type { AdmitRequest } from './policy-rules.js';

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
 * The error for a refused admission: 402 for budgets and 429 `quota_exceeded` for quotas
 * (Retry-After = end of the period), 429 for rates (Retry-After = when the sliding window has
 * room again, at most the window) and concurrency. `counter` is undefined for a budget;
 * `entry.used` must be current.
 */
export function refusalError(
  counter: LimitCounter | undefined,
  owner: CompiledLimit | CompiledBudget,
  entry: CounterEntry,
  retryAfterMs: number,
  request: AdmitRequest,
  nowMs: number,
): GatewayError {
  if (counter === undefined) return budgetError(owner as CompiledBudget, entry, nowMs);
  const limit = owner as CompiledLimit;
  const { scope, scopeId } = limit;
  const window = counter.window;
  if (window.type === 'gauge') {
    return new GatewayError(
      'too_many_concurrent',
      `${limit.concurrent} calls are already in flight for ${scope} ${scopeId}.`,
      { retryAfterSeconds: 1 },
    );
  }
  if (window.type === 'calendar') {
    const resetsAt = new Date(entry.windowEndMs).toISOString();
    const retryAfterSeconds = Math.max(1, Math.ceil((entry.windowEndMs - nowMs) / 1000));
    const headers: Record<string, string> = {};
    addQuotaHeaders(headers, window.period, {
      limit: entry.limit,
      remaining: Math.max(0, Math.floor(entry.limit - entry.used)),
      resetMs: entry.windowEndMs - nowMs,
    });
    return new GatewayError(
      'quota_exceeded',
      `The quota of ${entry.limit} requests per ${window.period} for ${scope} ${scopeId} is used up; ` +
        `it resets at ${resetsAt} (UTC).`,
      { retryAfterSeconds, headers },
    );
  }
  const per = window.lengthMs === 1_000 ? 'second' : 'minute';
  if (!Number.isFinite(retryAfterMs)) {
    return new GatewayError(
      'gateway_rate_limited',
      `The call's ${request.estimatedTokens} estimated tokens exceed the limit of ${entry.limit} tokens per ${per} for ${scope} ${scopeId}.`,
    );
  }
  // A sliding limit never asks for more than its window; header and Retry-After say the same.
  const retryAfterSeconds = Math.max(1, Math.ceil(Math.min(retryAfterMs, window.lengthMs) / 1000));
  const message =
    counter.unit === 'requests'
      ? `The limit of ${entry.limit} requests per ${per} for ${scope} ${scopeId} is reached.`
      : `The limit of ${entry.limit} tokens per ${per} for ${scope} ${scopeId} is reached (this call needs ${request.estimatedTokens}).`;
  // The limit that refused, in OpenAI's header names, so clients can pace themselves.
  const unit = counter.unit;
  const headers = {
    [`x-ratelimit-limit-${unit}`]: String(entry.limit),
    [`x-ratelimit-remaining-${unit}`]: String(Math.max(0, Math.floor(entry.limit - entry.used))),
    [`x-ratelimit-reset-${unit}`]: formatResetDuration(retryAfterSeconds * 1000),
  };
  return new GatewayError('gateway_rate_limited', message, { retryAfterSeconds, headers });
}

function budgetError(budget: CompiledBudget, entry: CounterEntry, nowMs: number): GatewayError {
  const described = describeBudget(budget);
  // Printed from the very micro-dollar integers the check compared, so the sum is visibly over.
  const message =
    entry.amount > entry.limit
      ? `This call may cost up to ${formatMicroUsd(entry.amount)}, more than the whole ${described}.`
      : `The ${described} is spent: ${formatMicroUsd(entry.used)} committed + up to ` +
        `${formatMicroUsd(entry.amount)} for this call = ${formatMicroUsd(entry.used + entry.amount)}.`;
  return new GatewayError('budget_exceeded', message, {
    retryAfterSeconds: Math.max(1, Math.ceil((entry.windowEndMs - nowMs) / 1000)),
  });
}
