import { describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import { catchGatewayError } from '../../support/catch-gateway-error.js';
import { headersOf } from './headers-of.js';

// 12:00:15.000 UTC: the start of a one-second bucket.
const nowMs = Date.UTC(2026, 11, 3, 12, 0, 15);
const request = { keyId: 'k1', estimatedTokens: 1, maxCostUsd: 0 };

function burst(engine: PolicyEngine, count: number, atMs: number): string[] {
  const outcomes: string[] = [];
  for (let index = 0; index < count; index++) {
    try {
      engine.admit(request, atMs);
      outcomes.push('ok');
    } catch (error) {
      outcomes.push((error as { code: string }).code);
    }
  }
  return outcomes;
}

describe('requests per second', () => {
  it('admits exactly the limit from a burst at one instant, and refuses the rest for at most 1 s', () => {
    const engine = new PolicyEngine();
    engine.setRules({ limits: [{ scope: 'key', scopeId: 'k1', requestsPerSecond: 5 }], budgets: [] });
    const outcomes = burst(engine, 50, nowMs + 400);
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome === 'gateway_rate_limited')).toHaveLength(45);
    const refused = catchGatewayError(() => engine.admit(request, nowMs + 400));
    expect(refused.status).toBe(429);
    expect(refused.message).toBe('The limit of 5 requests per second for key k1 is reached.');
    expect(refused.retryAfterSeconds).toBe(1);
    expect(refused.headers).toMatchObject({
      'x-ratelimit-limit-requests': '5',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1s',
    });
  });

  it('slides like the per-minute window, with a one-second bucket', () => {
    const engine = new PolicyEngine();
    engine.setRules({ limits: [{ scope: 'key', scopeId: 'k1', requestsPerSecond: 4 }], budgets: [] });
    expect(burst(engine, 4, nowMs + 900)).toEqual(['ok', 'ok', 'ok', 'ok']);
    // At the next bucket's start the previous one still weighs fully: nothing fits.
    expect(burst(engine, 1, nowMs + 1_000)).toEqual(['gateway_rate_limited']);
    // Half-way through, it weighs half (2 of 4): two more fit, exactly.
    expect(burst(engine, 3, nowMs + 1_500)).toEqual(['ok', 'ok', 'gateway_rate_limited']);
    // Two buckets later nothing of the burst is left.
    expect(burst(engine, 4, nowMs + 3_000)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('reports the tightest of the per-second and per-minute limits in the request headers', () => {
    const engine = new PolicyEngine();
    engine.setRules({
      limits: [{ scope: 'key', scopeId: 'k1', requestsPerSecond: 10, requestsPerMinute: 9 }],
      budgets: [],
    });
    // After 8 calls the second has 2 left and the minute 1: the minute is reported.
    burst(engine, 7, nowMs);
    expect(headersOf(engine.admit(request, nowMs))).toEqual({
      'x-ratelimit-limit-requests': '9',
      'x-ratelimit-remaining-requests': '1',
      'x-ratelimit-reset-requests': '1m0s',
    });
    const fresh = new PolicyEngine();
    fresh.setRules({
      limits: [{ scope: 'key', scopeId: 'k1', requestsPerSecond: 2, requestsPerMinute: 100 }],
      budgets: [],
    });
    expect(headersOf(fresh.admit(request, nowMs))).toEqual({
      'x-ratelimit-limit-requests': '2',
      'x-ratelimit-remaining-requests': '1',
      'x-ratelimit-reset-requests': '1s',
    });
  });
});
