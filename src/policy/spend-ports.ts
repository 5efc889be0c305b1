import type { BudgetPeriod } from '../core/budget-period.js';
import type { BudgetScope } from '../core/policy-scope.js';

/** Money spent by one budget scope in one period window, as stored (the `spend` table). */
export interface SpendRow {
  scope: BudgetScope;
  scopeId: string;
  period: BudgetPeriod;
  /** Start of the period window, epoch ms (UTC midnight, Monday, 1st of month). */
  periodStart: number;
  spentUsd: number;
  /** Whether the soft-threshold alert was already sent for this window. */
  alerted: boolean;
}

/** Spend to add to a stored row since the last flush. */
export interface SpendDelta {
  scope: BudgetScope;
  scopeId: string;
  tenantId: string;
  period: BudgetPeriod;
  periodStart: number;
  /** USD to add to `spentUsd` (actual cost of settled calls, never reservations). */
  deltaUsd: number;
  /** True once the soft-threshold alert fired for this window; the sink sets `alerted_at` then. */
  alerted: boolean;
}

/**
 * Where settled spend goes (the integrator writes it to the database). Called with a batch by
 * `PolicyEngine.flushSpend()`, from the engine's timer or at shutdown — never on the request path.
 * Must not throw; a failed write should be retried by the sink, since the engine has let go.
 */
export interface SpendSink {
  record(changes: SpendDelta[]): void;
}

/** A sink the call accountant adds unbudgeted spend to one window at a time, without building a batch per call. */
export interface SpendAccumulator extends SpendSink {
  add(
    scope: BudgetScope,
    scopeId: string,
    tenantId: string,
    period: BudgetPeriod,
    periodStart: number,
    deltaUsd: number,
  ): void;
}

/** A budget that crossed its soft threshold in the current period. */
export interface BudgetAlert {
  scope: BudgetScope;
  scopeId: string;
  tenantId: string;
  period: BudgetPeriod;
  periodStart: number;
  limitUsd: number;
  /** Settled spend in the period when the threshold was crossed. */
  spentUsd: number;
  /** Absent when the budget has no webhook. */
  webhookUrl: string | undefined;
}

/** Hears of soft-threshold crossings, once per budget per period window. Must return at once and never throw. */
export interface BudgetAlerter {
  softThresholdReached(alert: BudgetAlert): void;
}
