import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/core/gateway-error.js';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';

const nowMs = Date.UTC(2026, 11, 3, 12, 0, 0);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof GatewayError) return error.code;
    throw error;
  }
}

describe('settle', () => {
  it('releases the concurrency slot exactly once', () => {
    const engine = new PolicyEngine();
    engine.setRules({ limits: [{ scope: 'key', scopeId: 'k1', concurrent: 2 }], budgets: [] });
    const request = { keyId: 'k1', estimatedTokens: 1, maxCostUsd: 0 };
    const first = engine.admit(request, nowMs);
    engine.admit(request, nowMs);
    expect(codeOf(() => engine.admit(request, nowMs))).toBe('too_many_concurrent');
    engine.settle(first, { tokens: 0, costUsd: 0 });
    engine.settle(first, { tokens: 0, costUsd: 0 });
    engine.admit(request, nowMs);
    expect(codeOf(() => engine.admit(request, nowMs))).toBe('too_many_concurrent');
  });

  it('replaces reserved tokens by actual ones', () => {
    const engine = new PolicyEngine();
    engine.setRules({ limits: [{ scope: 'key', scopeId: 'k1', tokensPerMinute: 1000 }], budgets: [] });
    const admission = engine.admit({ keyId: 'k1', estimatedTokens: 600, maxCostUsd: 0 }, nowMs);
    expect(admission.tokens?.remaining).toBe(400);
    expect(codeOf(() => engine.admit({ keyId: 'k1', estimatedTokens: 500, maxCostUsd: 0 }, nowMs))).toBe(
      'gateway_rate_limited',
    );
    engine.settle(admission, { tokens: 100, costUsd: 0 });
    const next = engine.admit({ keyId: 'k1', estimatedTokens: 800, maxCostUsd: 0 }, nowMs);
    expect(next.tokens?.remaining).toBe(100);
  });

  it('replaces reserved cost by actual cost and records only actual spend', () => {
    const recorded: number[] = [];
    const engine = new PolicyEngine({
      spendSink: { record: (changes) => recorded.push(...changes.map((change) => change.deltaUsd)) },
    });
    engine.setRules({
      limits: [],
      budgets: [{ scope: 'app', scopeId: 'a1', tenantId: 't1', period: 'month', limitUsd: 1, softRatio: 1 }],
    });
    const request = { appId: 'a1', estimatedTokens: 1, maxCostUsd: 0.6 };
    const admission = engine.admit(request, nowMs);
    expect(codeOf(() => engine.admit(request, nowMs))).toBe('budget_exceeded');
    engine.settle(admission, { tokens: 10, costUsd: 0.1 });
    const second = engine.admit(request, nowMs);
    engine.settle(second, { tokens: 0, costUsd: 0 });
    engine.flushSpend();
    expect(recorded).toEqual([0.1]);
  });

  it('reconciles tokens into the minute they were reserved in, even after the minute changed', () => {
    const engine = new PolicyEngine();
    engine.setRules({ limits: [{ scope: 'key', scopeId: 'k1', tokensPerMinute: 1000 }], budgets: [] });
    const admission = engine.admit({ keyId: 'k1', estimatedTokens: 1000, maxCostUsd: 0 }, nowMs + 59_000);
    engine.settle(admission, { tokens: 200, costUsd: 0 });
    // At 30 s into the next minute, the previous bucket (now 200) weighs half.
    const next = engine.admit({ keyId: 'k1', estimatedTokens: 0, maxCostUsd: 0 }, nowMs + 90_000);
    expect(next.tokens?.remaining).toBe(900);
  });
});

describe('spend flushing', () => {
  it('flushes on a timer and at close, and keeps a batch the sink refused', async () => {
    const batches: number[][] = [];
    let failNext = true;
    const engine = new PolicyEngine({
      spendFlushIntervalMs: 5,
      spendSink: {
        record: (changes) => {
          if (failNext) {
            failNext = false;
            throw new Error('database is down');
          }
          batches.push(changes.map((change) => change.deltaUsd));
        },
      },
    });
    engine.setRules({
      limits: [],
      budgets: [{ scope: 'key', scopeId: 'k1', tenantId: 't1', period: 'week', limitUsd: 10, softRatio: 1 }],
    });
    const call = (): void =>
      engine.settle(engine.admit({ keyId: 'k1', estimatedTokens: 1, maxCostUsd: 1 }, nowMs), {
        tokens: 1,
        costUsd: 0.25,
      });
    call();
    expect(() => engine.flushSpend()).toThrow('database is down');
    call();
    engine.start();
    await expect.poll(() => batches).toEqual([[0.5]]);
    call();
    engine.close();
    expect(batches).toEqual([[0.5], [0.25]]);
  });
});
