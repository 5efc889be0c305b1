import type { QuotaPeriod } from '../core/quota-period.js';
import type { CompiledBudget, CompiledLimit } from './compile-rules.js';

/** Header values of the tightest applicable limit of one kind (requests, tokens, a quota period). */
export interface LimitHeader {
  limit: number;
  /** Left in the window after this call's reservation. */
  remaining: number;
  /**
   * Ms until this call's reservation no longer counts if nothing more comes in: at most the
   * sliding window (1 s or 60 s) for rates, until the period ends for quotas.
   */
  resetMs: number;
}

/**
 * What `PolicyEngine.admit` reserved for one call; hand it back to `PolicyEngine.settle` exactly
 * once. Fields other than the documented readonly ones are the engine's.
 */
export class Admission {
  /** Shared admission for calls no rule applies to: reserves nothing, settling it does nothing. */
  static readonly none = new Admission([], [], [], 0, 0, 0, undefined, undefined, undefined, undefined);

  /** Set by the first settle; later settles do nothing. */
  settled = false;

  constructor(
    readonly limits: readonly CompiledLimit[],
    readonly budgets: readonly CompiledBudget[],
    /** Period start of each budget's reservation, same order as `budgets`. */
    readonly budgetWindowStarts: readonly number[],
    /** Start of the minute bucket the tokens were reserved in. */
    readonly minuteStartMs: number,
    /** Tokens reserved against each tokens-per-minute limit. */
    readonly reservedTokens: number,
    /** Micro-USD reserved against each budget. */
    readonly reservedMicroUsd: number,
    /** The tightest request rate (per second or per minute). */
    readonly requests: LimitHeader | undefined,
    readonly tokens: LimitHeader | undefined,
    /** The tightest requests-per-day quota. */
    readonly quotaDay: LimitHeader | undefined,
    /** The tightest requests-per-month quota. */
    readonly quotaMonth: LimitHeader | undefined,
  ) {}

  /**
   * Adds `x-ratelimit-*` headers as OpenAI names them, for the tightest applicable limits, and
   * `x-portico-quota-*-day` / `-month` when a quota applies (docs/limits-and-budgets.md).
   */
  addHeaders(into: Record<string, string>): void {
    const { requests, tokens, quotaDay, quotaMonth } = this;
    if (quotaDay !== undefined) addQuotaHeaders(into, 'day', quotaDay);
    if (quotaMonth !== undefined) addQuotaHeaders(into, 'month', quotaMonth);
    if (requests !== undefined) {
      into['x-ratelimit-limit-requests'] = String(requests.limit);
      into['x-ratelimit-remaining-requests'] = String(requests.remaining);
      into['x-ratelimit-reset-requests'] = formatResetDuration(requests.resetMs);
    }
    if (tokens !== undefined) {
      into['x-ratelimit-limit-tokens'] = String(tokens.limit);
      into['x-ratelimit-remaining-tokens'] = String(tokens.remaining);
      into['x-ratelimit-reset-tokens'] = formatResetDuration(tokens.resetMs);
    }
  }
}

/** OpenAI's reset format: `20ms`, `1s`, `6m0s`. */
export function formatResetDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

const quotaHeaderNames = {
  day: ['x-portico-quota-limit-day', 'x-portico-quota-remaining-day', 'x-portico-quota-reset-day'],
  month: ['x-portico-quota-limit-month', 'x-portico-quota-remaining-month', 'x-portico-quota-reset-month'],
} as const;

/** `x-portico-quota-{limit,remaining,reset}-<period>`; reset in whole seconds, like `Retry-After`. */
export function addQuotaHeaders(into: Record<string, string>, period: QuotaPeriod, quota: LimitHeader): void {
  const [limit, remaining, reset] = quotaHeaderNames[period];
  into[limit] = String(quota.limit);
  into[remaining] = String(quota.remaining);
  into[reset] = String(Math.max(0, Math.ceil(quota.resetMs / 1000)));
}
