import type { BudgetPeriod } from './budget-period.js';

/** A request quota's calendar period in UTC: from midnight, or from the 1st of the month. */
export type QuotaPeriod = Extract<BudgetPeriod, 'day' | 'month'>;
