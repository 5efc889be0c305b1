import { describe, expect, it } from 'vitest';
import { Admission } from '../../../src/policy/admission.js';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import { catchGatewayError } from '../../support/catch-gateway-error.js';

const nowMs = Date.UTC(2026, 11, 3, 12, 0, 0);

describe('admit', () => {
  it('does not consume the key rate limit when the tenant budget refuses', () => {
    const engine = new PolicyEngine();
    engine.setRules({
      limits: [{ scope: 'key', scopeId: 'k1', requestsPerMinute: 2 }],
      budgets: [
        { scope: 'tenant', scopeId: 't1', tenantId: 't1', period: 'day', limitUsd: 1, softRatio: 0.8 },
      ],
    });
    const expensive = { keyId: 'k1', tenantId: 't1', estimatedTokens: 10, maxCostUsd: 5 };
    for (let attempt = 0; attempt < 5; attempt++) {
      const error = catchGatewayError(() => engine.admit(expensive, nowMs));
      expect(error.code).toBe('budget_exceeded');
      expect(error.status).toBe(402);
      expect(error.retryAfterSeconds).toBe(12 * 3600);
      expect(error.message).toBe(
        'This call may cost up to $5.00, more than the whole day budget of $1.00 for tenant t1.',
      );
    }
    const cheap = { ...expensive, maxCostUsd: 0.01 };
    const first = engine.admit(cheap, nowMs);
    expect(first.requests).toEqual({ limit: 2, remaining: 1, resetMs: 60_000 });
    engine.admit(cheap, nowMs);
    const limited = catchGatewayError(() => engine.admit(cheap, nowMs + 1000));
    expect(limited.code).toBe('gateway_rate_limited');
    expect(limited.status).toBe(429);
    expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('checks every scope of the request: key, app, tenant and route', () => {
    const engine = new PolicyEngine();
    engine.setRules({
      limits: [
        { scope: 'key', scopeId: 'k1', requestsPerMinute: 100 },
        { scope: 'app', scopeId: 'a1', requestsPerMinute: 100 },
        { scope: 'tenant', scopeId: 't1', requestsPerMinute: 100 },
        { scope: 'route', scopeId: 'gpt', requestsPerMinute: 1 },
      ],
      budgets: [],
    });
    const request = {
      keyId: 'k1',
      appId: 'a1',
      tenantId: 't1',
      routeId: 'gpt',
      estimatedTokens: 1,
      maxCostUsd: 0,
    };
    engine.admit(request, nowMs);
    expect(catchGatewayError(() => engine.admit({ ...request, keyId: 'k2' }, nowMs)).message).toContain(
      'route gpt',
    );
    expect(engine.admit({ ...request, routeId: 'other' }, nowMs)).not.toBe(Admission.none);
  });

  it('refuses a call whose estimate can never fit, without Retry-After', () => {
    const engine = new PolicyEngine();
    engine.setRules({ limits: [{ scope: 'app', scopeId: 'a1', tokensPerMinute: 100 }], budgets: [] });
    const error = catchGatewayError(() =>
      engine.admit({ appId: 'a1', estimatedTokens: 101, maxCostUsd: 0 }, nowMs),
    );
    expect(error.code).toBe('gateway_rate_limited');
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.message).toContain('101 estimated tokens exceed the limit of 100');
  });
});
