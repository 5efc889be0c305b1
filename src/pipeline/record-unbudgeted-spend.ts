import { periodStart } from '../core/period-start.js';
import type { SpendDelta, SpendSink } from '../policy/spend-ports.js';
import type { GatewayContext } from './gateway-context.js';

const periods = ['day', 'week', 'month'] as const;

/**
 * Spend of every key, app and tenant in every period window, also where no budget watches it
 * (the policy engine records the budgeted ones itself, with their alerts). So a budget created
 * mid-month starts from what the month already cost, read back from the `spend` table.
 */
export function recordUnbudgetedSpend(sink: SpendSink, context: GatewayContext): void {
  const cost = context.costUsd;
  const caller = context.caller;
  if (cost === undefined || cost <= 0 || caller === undefined) return;
  const budgeted = context.admission?.budgets ?? [];
  const started = Date.now();
  const changes: SpendDelta[] = [];
  for (const [scope, scopeId] of [
    ['key', caller.keyId],
    ['app', caller.appId],
    ['tenant', caller.tenantId],
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
        tenantId: caller.tenantId,
        period,
        periodStart: periodStart(period, started),
        deltaUsd: cost,
        alerted: false,
      });
    }
  }
  sink.record(changes);
}
