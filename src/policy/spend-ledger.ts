import { budgetCounterKey, type CompiledBudget } from './compile-rules.js';
import type { BudgetAlerter, SpendDelta, SpendRow } from './spend-ports.js';

interface WindowSpend {
  periodStart: number;
  /** Settled (actual) spend in the window; reservations are not in here. */
  spentUsd: number;
  alerted: boolean;
}

/**
 * Settled spend per budget window: decides when the soft-threshold alert fires (once per window)
 * and collects the deltas the SpendSink will persist.
 */
export class SpendLedger {
  private readonly windows = new Map<string, WindowSpend>();
  private pending = new Map<string, SpendDelta>();

  constructor(private readonly alerter: BudgetAlerter | undefined) {}

  /** Seeds a window from a stored row (after a restart). */
  load(key: string, row: SpendRow): void {
    const window = this.windows.get(key);
    if (window !== undefined && window.periodStart > row.periodStart) return;
    this.windows.set(key, { periodStart: row.periodStart, spentUsd: row.spentUsd, alerted: row.alerted });
  }

  /** Adds a settled call's actual cost to the window its reservation was made in. */
  record(budget: CompiledBudget, periodStart: number, costUsd: number): void {
    const { rule } = budget;
    let window = this.windows.get(budget.key);
    if (window === undefined || window.periodStart < periodStart) {
      window = { periodStart, spentUsd: 0, alerted: false };
      this.windows.set(budget.key, window);
    }
    let alertNow = false;
    if (window.periodStart === periodStart) {
      window.spentUsd += costUsd;
      alertNow = !window.alerted && window.spentUsd >= rule.softRatio * rule.limitUsd;
      if (alertNow) window.alerted = true;
    }
    const pendingKey = `${budget.key} ${periodStart}`;
    const delta = this.pending.get(pendingKey);
    const alerted = window.periodStart === periodStart && window.alerted;
    if (delta === undefined) {
      this.pending.set(pendingKey, {
        scope: rule.scope,
        scopeId: rule.scopeId,
        tenantId: rule.tenantId,
        period: rule.period,
        periodStart,
        deltaUsd: costUsd,
        alerted,
      });
    } else {
      delta.deltaUsd += costUsd;
      delta.alerted ||= alerted;
    }
    if (alertNow) this.alert(budget, window);
  }

  /** Settled spend of the budget's current window, or 0 when it has none yet. */
  spentUsd(key: string, periodStart: number): number {
    const window = this.windows.get(key);
    return window !== undefined && window.periodStart === periodStart ? window.spentUsd : 0;
  }

  /** Hands over and forgets the deltas collected since the last call. */
  takePending(): SpendDelta[] {
    if (this.pending.size === 0) return [];
    const changes = [...this.pending.values()];
    this.pending = new Map();
    return changes;
  }

  /** Returns deltas a sink could not take, to be handed over again with the next batch. */
  putBack(changes: SpendDelta[]): void {
    for (const change of changes) {
      const pendingKey = `${budgetCounterKey(change.scope, change.scopeId, change.period)} ${change.periodStart}`;
      const delta = this.pending.get(pendingKey);
      if (delta === undefined) this.pending.set(pendingKey, change);
      else {
        delta.deltaUsd += change.deltaUsd;
        delta.alerted ||= change.alerted;
      }
    }
  }

  private alert(budget: CompiledBudget, window: WindowSpend): void {
    const { rule } = budget;
    try {
      this.alerter?.softThresholdReached({
        scope: rule.scope,
        scopeId: rule.scopeId,
        tenantId: rule.tenantId,
        period: rule.period,
        periodStart: window.periodStart,
        limitUsd: rule.limitUsd,
        spentUsd: window.spentUsd,
        webhookUrl: rule.webhookUrl,
      });
    } catch {
      // An alerter must not throw; if one does, the call being settled is not the place to fail.
    }
  }
}
