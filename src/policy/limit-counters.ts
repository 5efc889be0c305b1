import type { QuotaPeriod } from '../core/quota-period.js';

/** The fields of a rate limit rule that each hold one counter. */
export type LimitField =
  | 'requestsPerMonth'
  | 'requestsPerDay'
  | 'concurrent'
  | 'requestsPerSecond'
  | 'requestsPerMinute'
  | 'tokensPerMinute';

/** How a counter's window moves: docs/limits-and-budgets.md, "Window algorithm". */
export type CounterWindow =
  /** Sliding window counter with buckets of `lengthMs` (requests per second or minute, tokens). */
  | { readonly type: 'sliding'; readonly lengthMs: number }
  /** Fixed calendar period in UTC (quotas); never reconciled: a request admitted counts. */
  | { readonly type: 'calendar'; readonly period: QuotaPeriod }
  /** Calls in flight: taken on admit, given back on settle. */
  | { readonly type: 'gauge' };

/** One counter a rate limit can hold. */
export interface LimitCounter {
  readonly field: LimitField;
  readonly window: CounterWindow;
  /** What each admitted call adds: one request (or slot), or the call's estimated tokens. */
  readonly unit: 'requests' | 'tokens';
  /** Start of the counter's key; the scope and id follow. */
  readonly keyPrefix: string;
  /** Which response headers report it (the tightest counter of each group); null: none. */
  readonly headerGroup: HeaderGroup | null;
}

/** The header groups of an admission, in `Admission`'s order: requests, tokens, quota day, quota month. */
export type HeaderGroup = 0 | 1 | 2 | 3;
export const requestsGroup = 0;
export const tokensGroup = 1;
export const quotaDayGroup = 2;
export const quotaMonthGroup = 3;

/**
 * Every counter of a rate limit, in the order admit checks them (the first refusal is reported):
 * quotas first, so a caller whose day is used up hears so rather than "retry in 1 s".
 */
export const limitCounters: readonly LimitCounter[] = [
  {
    field: 'requestsPerMonth',
    window: { type: 'calendar', period: 'month' },
    unit: 'requests',
    keyPrefix: 'quota month',
    headerGroup: quotaMonthGroup,
  },
  {
    field: 'requestsPerDay',
    window: { type: 'calendar', period: 'day' },
    unit: 'requests',
    keyPrefix: 'quota day',
    headerGroup: quotaDayGroup,
  },
  {
    field: 'concurrent',
    window: { type: 'gauge' },
    unit: 'requests',
    keyPrefix: 'concurrent',
    headerGroup: null,
  },
  {
    field: 'requestsPerSecond',
    window: { type: 'sliding', lengthMs: 1_000 },
    unit: 'requests',
    keyPrefix: 'rps',
    headerGroup: requestsGroup,
  },
  {
    field: 'requestsPerMinute',
    window: { type: 'sliding', lengthMs: 60_000 },
    unit: 'requests',
    keyPrefix: 'rpm',
    headerGroup: requestsGroup,
  },
  {
    field: 'tokensPerMinute',
    window: { type: 'sliding', lengthMs: 60_000 },
    unit: 'tokens',
    keyPrefix: 'tpm',
    headerGroup: tokensGroup,
  },
];

/** The field that holds the quota of `period`. */
export function quotaField(period: QuotaPeriod): 'requestsPerDay' | 'requestsPerMonth' {
  return period === 'day' ? 'requestsPerDay' : 'requestsPerMonth';
}
