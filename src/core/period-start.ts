import type { BudgetPeriod } from './budget-period.js';

const dayMs = 86_400_000;

/**
 * Start (epoch ms) of the budget window that contains `nowMs`, all in UTC: `day` from midnight,
 * `week` from Monday 00:00 (ISO weeks), `month` from the first of the month.
 */
export function periodStart(period: BudgetPeriod, nowMs: number): number {
  const midnight = Math.floor(nowMs / dayMs) * dayMs;
  if (period === 'day') return midnight;
  if (period === 'week') {
    // getUTCDay: Sunday 0 … Saturday 6; days since Monday is (day + 6) % 7.
    const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
    return midnight - sinceMonday * dayMs;
  }
  const date = new Date(nowMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}
