import { describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import { catchGatewayError } from '../../support/catch-gateway-error.js';
import { headersOf } from './headers-of.js';

const request = {
  keyId: 'k1',
  appId: 'a1',
  tenantId: 't1',
  routeId: 'r1',
  estimatedTokens: 1,
  maxCostUsd: 0,
};

describe('request quotas per day and per month', () => {
  it('refuse the request after N a day with quota_exceeded, until UTC midnight', () => {
    const engine = new PolicyEngine();
    engine.setRules({ limits: [{ scope: 'app', scopeId: 'a1', requestsPerDay: 3 }], budgets: [] });
    const evening = Date.UTC(2026, 11, 7, 23, 59, 58);
    const first = engine.admit(request, evening);
    expect(headersOf(first)).toEqual({
      'x-portico-quota-limit-day': '3',
      'x-portico-quota-remaining-day': '2',
      'x-portico-quota-reset-day': '2',
    });
    engine.admit(request, evening);
    engine.admit(request, evening + 500);
    const refused = catchGatewayError(() => engine.admit(request, evening + 1_000));
    expect(refused.code).toBe('quota_exceeded');
    expect(refused.status).toBe(429);
    expect(refused.message).toBe(
      'The quota of 3 requests per day for app a1 is used up; it resets at 2026-12-08T00:00:00.000Z (UTC).',
    );
    expect(refused.retryAfterSeconds).toBe(1);
    expect(refused.headers).toEqual({
      'x-portico-quota-limit-day': '3',
      'x-portico-quota-remaining-day': '0',
      'x-portico-quota-reset-day': '1',
    });
    // One millisecond before midnight: still the same day. At midnight: a fresh quota.
    expect(catchGatewayError(() => engine.admit(request, Date.UTC(2026, 11, 8) - 1)).code).toBe(
      'quota_exceeded',
    );
    const nextDay = engine.admit(request, Date.UTC(2026, 11, 8));
    expect(nextDay.quotaDay).toEqual({ limit: 3, remaining: 2, resetMs: 86_400_000 });
  });

  it('count a month from the 1st (UTC), across day boundaries, and reset on the 1st', () => {
    const engine = new PolicyEngine();
    engine.setRules({ limits: [{ scope: 'tenant', scopeId: 't1', requestsPerMonth: 4 }], budgets: [] });
    engine.admit(request, Date.UTC(2027, 0, 1, 0, 0, 0));
    engine.admit(request, Date.UTC(2027, 0, 9, 12));
    engine.admit(request, Date.UTC(2027, 0, 20));
    const last = engine.admit(request, Date.UTC(2027, 0, 31, 23));
    expect(headersOf(last)).toEqual({
      'x-portico-quota-limit-month': '4',
      'x-portico-quota-remaining-month': '0',
      'x-portico-quota-reset-month': '3600',
    });
    const refused = catchGatewayError(() => engine.admit(request, Date.UTC(2027, 0, 31, 23, 30)));
    expect(refused.code).toBe('quota_exceeded');
    expect(refused.message).toContain('quota of 4 requests per month for tenant t1');
    expect(refused.message).toContain('resets at 2027-02-01T00:00:00.000Z');
    expect(refused.retryAfterSeconds).toBe(1_800);
    expect(engine.admit(request, Date.UTC(2027, 1, 1)).quotaMonth?.remaining).toBe(3);
  });

  it('hold at key, app, tenant and route scope alike; the tightest is reported', () => {
    for (const scope of ['key', 'app', 'tenant', 'route'] as const) {
      const engine = new PolicyEngine();
      const scopeId = { key: 'k1', app: 'a1', tenant: 't1', route: 'r1' }[scope];
      engine.setRules({
        limits: [
          { scope, scopeId, requestsPerDay: 2 },
          {
            scope: scope === 'key' ? 'app' : 'key',
            scopeId: scope === 'key' ? 'a1' : 'k1',
            requestsPerDay: 50,
          },
        ],
        budgets: [],
      });
      const nowMs = Date.UTC(2026, 11, 7, 12);
      expect(engine.admit(request, nowMs).quotaDay?.remaining).toBe(1);
      engine.admit(request, nowMs);
      const refused = catchGatewayError(() => engine.admit(request, nowMs));
      expect(refused.message).toContain(`per day for ${scope} ${scopeId} is used up`);
    }
  });

  it('are all or nothing: a quota refusal consumes no other counter, and other refusals no quota', () => {
    const engine = new PolicyEngine();
    const nowMs = Date.UTC(2026, 11, 7, 12);
    engine.setRules({
      limits: [
        { scope: 'key', scopeId: 'k1', requestsPerMinute: 100, requestsPerSecond: 100, requestsPerDay: 100 },
        { scope: 'tenant', scopeId: 't1', requestsPerDay: 2 },
        { scope: 'route', scopeId: 'r1', concurrent: 10 },
      ],
      budgets: [],
    });
    engine.admit(request, nowMs);
    engine.admit(request, nowMs);
    for (let attempt = 0; attempt < 20; attempt++) {
      expect(catchGatewayError(() => engine.admit(request, nowMs)).code).toBe('quota_exceeded');
    }
    // Another tenant under the same key: the key's counters saw only the 2 admitted requests.
    const other = engine.admit({ ...request, tenantId: 't2' }, nowMs);
    expect(other.requests).toEqual({ limit: 100, remaining: 97, resetMs: 1_000 });
    expect(other.quotaDay?.remaining).toBe(97);
    // Concurrency: 3 in flight (never settled) of 10 — refusals took no slot.
    for (let index = 0; index < 7; index++) engine.admit({ ...request, tenantId: 't2' }, nowMs);
    expect(catchGatewayError(() => engine.admit({ ...request, tenantId: 't2' }, nowMs)).code).toBe(
      'too_many_concurrent',
    );
    // ...and that concurrency refusal took no quota: 90 of 100 left after 10 admitted.
    const later = Date.UTC(2026, 11, 7, 13);
    const fresh = engine.admit({ ...request, tenantId: 't2', routeId: 'r2' }, later);
    expect(fresh.quotaDay?.remaining).toBe(89);
  });

  it('refuse a quota before a per-second limit, so the caller hears that waiting a second will not help', () => {
    const engine = new PolicyEngine();
    engine.setRules({
      limits: [{ scope: 'key', scopeId: 'k1', requestsPerSecond: 1, requestsPerDay: 1 }],
      budgets: [],
    });
    const nowMs = Date.UTC(2026, 11, 7, 12);
    engine.admit(request, nowMs);
    expect(catchGatewayError(() => engine.admit(request, nowMs)).code).toBe('quota_exceeded');
  });
});
