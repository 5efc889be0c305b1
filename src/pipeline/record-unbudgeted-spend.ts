import { periodStart } from '../core/period-start.js';
import type { CompiledBudget } from '../policy/compile-rules.js';
import type { SpendDelta, SpendSink } from '../policy/spend-ports.js';
import type { CallRecord } from '../telemetry/call-log/call-record.js';

const periods = ['day', 'week', 'month'] as const;

/**
 * Spend of every key, app and tenant in every period window, also where no budget watches it
 * (the policy engine records the budgeted ones itself, with their alerts). So a budget created
 * mid-month starts from what the month already cost, read back from the `spend` table.
 */
export function recordUnbudgetedSpend(
  sink: SpendSink,
  record: CallRecord,
  budgeted: readonly CompiledBudget[],
): void {
  const { costUsd, keyId, appId, tenantId } = record;
  if (costUsd <= 0 || keyId === null || appId === null || tenantId === null) return;
  const started = Date.now();
  const changes: SpendDelta[] = [];
  for (const [scope, scopeId] of [
    ['key', keyId],
    ['app', appId],
    ['tenant', tenantId],
  ] as const) {
    for (const period of periods) {
      if (
        budgeted.some(
          ({ rule }) => rule.scope === scope && rule.scopeId === scopeId && rule.period === period,
        )
      ) {
        continue;
      }
      changes.push({
        scope,
        scopeId,
        tenantId,
        period,
        periodStart: periodStart(period, started),
        deltaUsd: costUsd,
        alerted: false,
      });
    }
  }
  sink.record(changes);
}
