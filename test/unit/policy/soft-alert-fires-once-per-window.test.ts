import { describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import type { BudgetAlert, SpendDelta } from '../../../src/policy/spend-ports.js';

const day1 = Date.UTC(2026, 11, 3, 12, 0, 0);
const day2 = Date.UTC(2026, 11, 4, 0, 0, 0);

describe('soft budget threshold', () => {
  it('alerts once per budget per period window, on settled spend', () => {
    const alerts: BudgetAlert[] = [];
    const deltas: SpendDelta[] = [];
    const engine = new PolicyEngine({
      alerter: { softThresholdReached: (alert) => alerts.push(alert) },
      spendSink: { record: (changes) => deltas.push(...changes) },
    });
    engine.setRules({
      limits: [],
      budgets: [
        {
          scope: 'key',
          scopeId: 'k1',
          tenantId: 't1',
          period: 'day',
          limitUsd: 1,
          softRatio: 0.5,
          webhookUrl: 'http://alerts.test/hook',
        },
      ],
    });
    const call = (nowMs: number, costUsd: number): void =>
      engine.settle(engine.admit({ keyId: 'k1', estimatedTokens: 1, maxCostUsd: 0.3 }, nowMs), {
        tokens: 1,
        costUsd,
      });

    call(day1, 0.3);
    expect(alerts).toHaveLength(0);
    call(day1, 0.3);
    expect(alerts).toEqual([
      {
        scope: 'key',
        scopeId: 'k1',
        tenantId: 't1',
        period: 'day',
        periodStart: Date.UTC(2026, 11, 3),
        limitUsd: 1,
        spentUsd: 0.6,
        webhookUrl: 'http://alerts.test/hook',
      },
    ]);
    call(day1, 0.3);
    expect(alerts).toHaveLength(1);
    engine.flushSpend();
    expect(deltas).toEqual([expect.objectContaining({ periodStart: Date.UTC(2026, 11, 3), alerted: true })]);
    expect(deltas[0]!.deltaUsd).toBeCloseTo(0.9, 9);

    call(day2, 0.3);
    expect(alerts).toHaveLength(1);
    call(day2, 0.3);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]!.periodStart).toBe(day2);
  });

  it('does not alert again after a restart when the stored row says it already did', () => {
    const alerts: BudgetAlert[] = [];
    const engine = new PolicyEngine({ alerter: { softThresholdReached: (alert) => alerts.push(alert) } });
    engine.setRules({
      limits: [],
      budgets: [
        { scope: 'tenant', scopeId: 't1', tenantId: 't1', period: 'day', limitUsd: 1, softRatio: 0.5 },
      ],
    });
    engine.loadSpend(
      [
        {
          scope: 'tenant',
          scopeId: 't1',
          period: 'day',
          periodStart: Date.UTC(2026, 11, 3),
          spentUsd: 0.6,
          alerted: true,
        },
      ],
      day1,
    );
    engine.settle(engine.admit({ tenantId: 't1', estimatedTokens: 1, maxCostUsd: 0.1 }, day1), {
      tokens: 1,
      costUsd: 0.1,
    });
    expect(alerts).toHaveLength(0);
  });
});
