import type { LimitField } from '../policy/limit-counters.js';
import type { RateLimitRule } from '../policy/policy-rules.js';

/**
 * The limit columns of `rate_limits`, named as the admin API, apply files and exports name them,
 * each with the engine's rule field: the one list every reader and writer of limits goes through.
 */
export const rateLimitColumns = {
  requests_per_second: 'requestsPerSecond',
  requests_per_minute: 'requestsPerMinute',
  tokens_per_minute: 'tokensPerMinute',
  concurrent: 'concurrent',
  requests_per_day: 'requestsPerDay',
  requests_per_month: 'requestsPerMonth',
} as const satisfies Record<string, LimitField>;

export type RateLimitColumn = keyof typeof rateLimitColumns;
/** Every limit column's value; null: no limit of that kind. */
export type RateLimitValues = Record<RateLimitColumn, number | null>;

const columnNames = Object.keys(rateLimitColumns) as RateLimitColumn[];

/** The columns to store for the limits given (absent or null: no limit). */
export function rateLimitValues(given: Partial<Record<RateLimitColumn, number | null>>): RateLimitValues {
  const values = {} as RateLimitValues;
  for (const column of columnNames) values[column] = given[column] ?? null;
  return values;
}

/** Only the limits a row sets, as apply files and exports write them. */
export function setRateLimits(row: RateLimitValues): Partial<Record<RateLimitColumn, number>> {
  const set: Partial<Record<RateLimitColumn, number>> = {};
  for (const column of columnNames) {
    const value = row[column];
    if (value !== null) set[column] = value;
  }
  return set;
}

/** The engine's fields of a stored row (absent: no limit). */
export function rateLimitFields(row: RateLimitValues): Omit<RateLimitRule, 'scope' | 'scopeId'> {
  const fields: Partial<Record<LimitField, number>> = {};
  for (const column of columnNames) {
    const value = row[column];
    if (value !== null) fields[rateLimitColumns[column]] = value;
  }
  return fields;
}
