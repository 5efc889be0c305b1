import { periodStart } from '../../core/period-start.js';
import type { BudgetPeriod } from '../../core/budget-period.js';
import type { CompiledBudget } from '../../policy/compile-rules.js';
import type { BudgetScope } from '../../core/policy-scope.js';
import type { SpendAccumulator } from '../../policy/spend-ports.js';
import type { CallRecord } from '../../telemetry/call-log/call-record.js';

const periods: readonly BudgetPeriod[] = ['day', 'week', 'month'];
const dayMs = 86_400_000;

/** The period starts of the current day, computed once a day rather than once a call. */
let windows = { day: -1, starts: [0, 0, 0] };

/**
 * Spend of every key, app and tenant in every period window, also where no budget watches it
 * (the policy engine records the budgeted ones itself, with their alerts). So a budget created
 * mid-month starts from what the month already cost, read back from the `spend` table.
 * Runs once per call: no closures, no per-call arrays (see SpendWriter.add).
 */
export function recordUnbudgetedSpend(
  sink: SpendAccumulator,
  record: CallRecord,
  budgeted: readonly CompiledBudget[],
): void {
  const { costUsd, keyId, appId, tenantId } = record;
  if (costUsd <= 0 || keyId === null || appId === null || tenantId === null) return;
  const starts = periodStarts(Date.now());
  addUnbudgeted(sink, 'key', keyId, tenantId, costUsd, starts, budgeted);
  addUnbudgeted(sink, 'app', appId, tenantId, costUsd, starts, budgeted);
  addUnbudgeted(sink, 'tenant', tenantId, tenantId, costUsd, starts, budgeted);
}

function addUnbudgeted(
  sink: SpendAccumulator,
  scope: BudgetScope,
  scopeId: string,
  tenantId: string,
  costUsd: number,
  starts: readonly number[],
  budgeted: readonly CompiledBudget[],
): void {
  for (let index = 0; index < periods.length; index++) {
    const period = periods[index] as BudgetPeriod;
    if (isBudgeted(budgeted, scope, scopeId, period)) continue;
    sink.add(scope, scopeId, tenantId, period, starts[index] as number, costUsd);
  }
}

function isBudgeted(
  budgeted: readonly CompiledBudget[],
  scope: BudgetScope,
  scopeId: string,
  period: BudgetPeriod,
): boolean {
  for (const { rule } of budgeted) {
    if (rule.scope === scope && rule.scopeId === scopeId && rule.period === period) return true;
  }
  return false;
}

function periodStarts(nowMs: number): readonly number[] {
  const day = Math.floor(nowMs / dayMs);
  if (windows.day !== day) windows = { day, starts: periods.map((period) => periodStart(period, nowMs)) };
  return windows.starts;
}
