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
}

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
  },
  {
    field: 'requestsPerDay',
    window: { type: 'calendar', period: 'day' },
    unit: 'requests',
    keyPrefix: 'quota day',
  },
  { field: 'concurrent', window: { type: 'gauge' }, unit: 'requests', keyPrefix: 'concurrent' },
  {
    field: 'requestsPerSecond',
    window: { type: 'sliding', lengthMs: 1_000 },
    unit: 'requests',
    keyPrefix: 'rps',
  },
  {
    field: 'requestsPerMinute',
    window: { type: 'sliding', lengthMs: 60_000 },
    unit: 'requests',
    keyPrefix: 'rpm',
  },
  {
    field: 'tokensPerMinute',
    window: { type: 'sliding', lengthMs: 60_000 },
    unit: 'tokens',
    keyPrefix: 'tpm',
  },
];

/** The field that holds the quota of `period`. */
export function quotaField(period: QuotaPeriod): 'requestsPerDay' | 'requestsPerMonth' {
  return period === 'day' ? 'requestsPerDay' : 'requestsPerMonth';
}
