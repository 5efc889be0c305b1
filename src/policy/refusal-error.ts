import { GatewayError } from '../core/gateway-error.js';
import type { CompiledBudget, CompiledLimit } from './compile-rules.js';
import type { CounterEntry } from './counter-store.js';
import { formatResetDuration } from './admission.js';
import { formatUsd, microPerUsd } from './micro-usd.js';
import type { AdmitRequest } from './policy-rules.js';

/** What a counter entry of an admission stands for. */
export type EntryKind = 'concurrent' | 'requests' | 'tokens' | 'budget';

/**
 * The error for a refused admission: 429 for limits (Retry-After = when the sliding window has
 * room again), 402 for budgets (Retry-After = end of the period). `entry.used` must be current.
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
    const { rule } = owner as CompiledBudget;
    const budget = `${rule.period} budget of ${formatUsd(rule.limitUsd)} for ${rule.scope} ${rule.scopeId}`;
    const message =
      entry.amount > entry.limit
        ? `This call may cost up to ${formatUsd(request.maxCostUsd)}, more than the whole ${budget}.`
        : `The ${budget} is spent: ${formatUsd(entry.used / microPerUsd)} committed, ` +
          `this call may cost up to ${formatUsd(request.maxCostUsd)}.`;
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
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const message =
    kind === 'requests'
      ? `The limit of ${requestsPerMinute} requests per minute for ${scope} ${scopeId} is reached.`
      : `The limit of ${tokensPerMinute} tokens per minute for ${scope} ${scopeId} is reached (this call needs ${request.estimatedTokens}).`;
  // The limit that refused, in OpenAI's header names, so clients can pace themselves.
  const unit = kind === 'requests' ? 'requests' : 'tokens';
  const headers = {
    [`x-ratelimit-limit-${unit}`]: String(kind === 'requests' ? requestsPerMinute : tokensPerMinute),
    [`x-ratelimit-remaining-${unit}`]: String(Math.max(0, Math.floor(entry.limit - entry.used))),
    [`x-ratelimit-reset-${unit}`]: formatResetDuration(retryAfterMs),
  };
  return new GatewayError('gateway_rate_limited', message, { retryAfterSeconds, headers });
}
