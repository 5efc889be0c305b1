import { describe, expect, it } from 'vitest';
import { formatResetDuration } from '../../../src/policy/admission.js';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import { headersOf } from './headers-of.js';

const nowMs = Date.UTC(2026, 11, 3, 12, 0, 15);

describe('x-ratelimit headers', () => {
  it('report the tightest applicable request and token limits, as OpenAI names them, reset within the minute', () => {
    const engine = new PolicyEngine();
    engine.setRules({
      limits: [
        { scope: 'key', scopeId: 'k1', requestsPerMinute: 100, tokensPerMinute: 5000 },
        { scope: 'tenant', scopeId: 't1', requestsPerMinute: 3, tokensPerMinute: 1_000_000 },
      ],
      budgets: [],
    });
    const admission = engine.admit(
      { keyId: 'k1', tenantId: 't1', estimatedTokens: 1200, maxCostUsd: 0 },
      nowMs,
    );
    expect(headersOf(admission)).toEqual({
      'x-ratelimit-limit-requests': '3',
      'x-ratelimit-remaining-requests': '2',
      'x-ratelimit-reset-requests': '1m0s',
      'x-ratelimit-limit-tokens': '5000',
      'x-ratelimit-remaining-tokens': '3800',
      'x-ratelimit-reset-tokens': '1m0s',
    });
  });

  it('are absent when only budgets or concurrency apply', () => {
    const engine = new PolicyEngine();
    engine.setRules({ limits: [{ scope: 'app', scopeId: 'a1', concurrent: 3 }], budgets: [] });
    expect(headersOf(engine.admit({ appId: 'a1', estimatedTokens: 1, maxCostUsd: 0 }, nowMs))).toEqual({});
  });

  it('format durations like OpenAI', () => {
    expect(formatResetDuration(20)).toBe('20ms');
    expect(formatResetDuration(1000)).toBe('1s');
    expect(formatResetDuration(59_001)).toBe('1m0s');
    expect(formatResetDuration(360_000)).toBe('6m0s');
  });
});
