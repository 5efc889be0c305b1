import { describe, expect, it } from 'vitest';
import { periodStart } from '../../../src/core/period-start.js';
import { budgetPeriodEnd } from '../../../src/core/budget-period.js';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import { catchGatewayError } from '../../support/catch-gateway-error.js';

describe('budget periods (UTC)', () => {
  it('start at midnight, on Monday and on the first of the month', () => {
    const thursday = Date.UTC(2026, 11, 3, 17, 45);
    expect(periodStart('day', thursday)).toBe(Date.UTC(2026, 11, 3));
    expect(periodStart('week', thursday)).toBe(Date.UTC(2026, 10, 30));
    expect(periodStart('week', Date.UTC(2026, 10, 29, 23, 59))).toBe(Date.UTC(2026, 10, 23));
    expect(periodStart('month', thursday)).toBe(Date.UTC(2026, 11, 1));
    expect(budgetPeriodEnd('month', Date.UTC(2026, 11, 1))).toBe(Date.UTC(2027, 0, 1));
    expect(budgetPeriodEnd('month', Date.UTC(2028, 1, 1))).toBe(Date.UTC(2028, 2, 1));
    expect(budgetPeriodEnd('week', Date.UTC(2026, 10, 30))).toBe(Date.UTC(2026, 11, 7));
  });

  it('refuses a spent budget until the period ends, then starts from zero', () => {
    const engine = new PolicyEngine();
    engine.setRules({
      limits: [],
      budgets: [
        { scope: 'tenant', scopeId: 't1', tenantId: 't1', period: 'month', limitUsd: 10, softRatio: 0.9 },
      ],
    });
    const request = { tenantId: 't1', estimatedTokens: 1, maxCostUsd: 4 };
    const lateInMonth = Date.UTC(2026, 11, 31, 23, 0, 0);
    engine.settle(engine.admit(request, lateInMonth), { tokens: 1, costUsd: 4 });
    engine.settle(engine.admit(request, lateInMonth), { tokens: 1, costUsd: 4 });
    const refused = catchGatewayError(() => engine.admit(request, lateInMonth));
    expect(refused.retryAfterSeconds).toBe(3600);
    expect(refused.message).toBe(
      'The month budget of $10.00 for tenant t1 is spent: $8.00 committed + up to $4.00 for this call = $12.00.',
    );
    const nextMonth = Date.UTC(2027, 0, 1, 0, 0, 1);
    engine.admit(request, nextMonth);
    engine.admit(request, nextMonth);
  });

  it('loads stored spend of the current window only', () => {
    const engine = new PolicyEngine();
    engine.setRules({
      limits: [],
      budgets: [{ scope: 'key', scopeId: 'k1', tenantId: 't1', period: 'day', limitUsd: 1, softRatio: 0.9 }],
    });
    const nowMs = Date.UTC(2026, 11, 3, 8);
    engine.loadSpend(
      [
        {
          scope: 'key',
          scopeId: 'k1',
          period: 'day',
          periodStart: Date.UTC(2026, 11, 2),
          spentUsd: 5,
          alerted: true,
        },
        {
          scope: 'key',
          scopeId: 'k1',
          period: 'day',
          periodStart: Date.UTC(2026, 11, 3),
          spentUsd: 0.95,
          alerted: false,
        },
      ],
      nowMs,
    );
    engine.admit({ keyId: 'k1', estimatedTokens: 1, maxCostUsd: 0.05 }, nowMs);
    expect(() => engine.admit({ keyId: 'k1', estimatedTokens: 1, maxCostUsd: 0.000001 }, nowMs)).toThrow(
      'The day budget',
    );
  });
});
