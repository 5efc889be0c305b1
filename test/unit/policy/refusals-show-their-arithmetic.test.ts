import { describe, expect, it } from 'vitest';
import { formatMicroUsd } from '../../../src/policy/micro-usd.js';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import { catchGatewayError } from '../../support/catch-gateway-error.js';

const nowMs = Date.UTC(2026, 11, 3, 12, 0, 2);

describe('refusals', () => {
  it('print money to the micro-dollar the counters compare, so the sum is visibly over', () => {
    const engine = new PolicyEngine();
    engine.setRules({
      limits: [],
      budgets: [
        { scope: 'tenant', scopeId: 't1', tenantId: 't1', period: 'day', limitUsd: 0.0005, softRatio: 1 },
      ],
    });
    engine.admit({ tenantId: 't1', estimatedTokens: 1, maxCostUsd: 0.0003 }, nowMs);
    const refused = catchGatewayError(() =>
      engine.admit({ tenantId: 't1', estimatedTokens: 1, maxCostUsd: 0.000247 }, nowMs),
    );
    expect(refused.code).toBe('budget_exceeded');
    expect(refused.message).toBe(
      'The day budget of $0.0005 for tenant t1 is spent: $0.0003 committed + up to $0.000247 for this call = $0.000547.',
    );
  });

  it('format micro-dollars exactly, with at least two decimals', () => {
    expect(formatMicroUsd(5_000_000)).toBe('$5.00');
    expect(formatMicroUsd(4_980_000)).toBe('$4.98');
    expect(formatMicroUsd(100_000)).toBe('$0.10');
    expect(formatMicroUsd(300)).toBe('$0.0003');
    expect(formatMicroUsd(1)).toBe('$0.000001');
    expect(formatMicroUsd(12_345_678)).toBe('$12.345678');
    expect(formatMicroUsd(Infinity)).toBe('an unbounded amount');
  });

  it('of a per-minute limit never ask to wait past the minute, in Retry-After and the reset header alike', () => {
    const engine = new PolicyEngine();
    engine.setRules({ limits: [{ scope: 'key', scopeId: 'k1', requestsPerMinute: 10 }], budgets: [] });
    // Ten calls in the first seconds of a minute: the two-bucket estimate would keep them ~2 minutes.
    for (let call = 0; call < 10; call++)
      engine.admit({ keyId: 'k1', estimatedTokens: 1, maxCostUsd: 0 }, nowMs);
    const refused = catchGatewayError(() =>
      engine.admit({ keyId: 'k1', estimatedTokens: 1, maxCostUsd: 0 }, nowMs + 1000),
    );
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refused.headers?.['x-ratelimit-reset-requests']).toBe(
      refused.retryAfterSeconds === 60 ? '1m0s' : `${refused.retryAfterSeconds}s`,
    );
  });

  it('refuse a call that may reach an unpriced model while a budget applies, and only then', () => {
    const engine = new PolicyEngine();
    engine.setRules({
      limits: [{ scope: 'key', scopeId: 'k1', requestsPerMinute: 100 }],
      budgets: [{ scope: 'app', scopeId: 'a1', tenantId: 't1', period: 'day', limitUsd: 1, softRatio: 1 }],
    });
    const unpriced = { keyId: 'k1', estimatedTokens: 1, maxCostUsd: 0, unpricedModel: 'local/llama' };
    const refused = catchGatewayError(() => engine.admit({ ...unpriced, appId: 'a1' }, nowMs));
    expect(refused.code).toBe('model_unpriced');
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('Model local/llama has no price');
    expect(refused.message).toContain('day budget of $1.00 for app a1');
    // No budget on this call's scopes: limits still apply, the call is not refused for its price.
    expect(engine.admit(unpriced, nowMs).requests?.limit).toBe(100);
  });
});
