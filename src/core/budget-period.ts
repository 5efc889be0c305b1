/** A budget period: a calendar day, ISO week (from Monday) or month, all in UTC. */
export type BudgetPeriod = 'day' | 'week' | 'month';

const dayMs = 86_400_000;

/** End (exclusive) of the period that starts at `startMs` (from `periodStart` in core). */
export function budgetPeriodEnd(period: BudgetPeriod, startMs: number): number {
  if (period === 'day') return startMs + dayMs;
  if (period === 'week') return startMs + 7 * dayMs;
  const date = new Date(startMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
