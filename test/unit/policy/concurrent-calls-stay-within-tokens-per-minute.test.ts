import { describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import { seededRandom, simulateConcurrentCalls } from './simulate-concurrent-calls.js';

const nowMs = Date.UTC(2026, 11, 3, 12, 0, 10);
const tokensPerMinute = 10_000;
const estimatedTokens = 1000;

function setup(): PolicyEngine {
  const engine = new PolicyEngine();
  engine.setRules({ limits: [{ scope: 'key', scopeId: 'k1', tokensPerMinute }], budgets: [] });
  return engine;
}

describe('200 concurrent calls against a tokens-per-minute limit with room for 10 reservations', () => {
  it('never lets more tokens through in the minute than the limit when actual ≤ reserved', async () => {
    const engine = setup();
    const run = await simulateConcurrentCalls({
      engine,
      calls: 200,
      request: { keyId: 'k1', estimatedTokens, maxCostUsd: 0 },
      nowMs,
      random: seededRandom(3),
      actual: (random) => ({ tokens: Math.floor(random * estimatedTokens), costUsd: 0 }),
    });
    const overshoot = Math.max(0, run.totalTokens - tokensPerMinute);
    console.log(
      `tpm, actual ≤ reserved: admitted ${run.admitted}/200, ${run.totalTokens} of ${tokensPerMinute} tokens, ` +
        `max in flight ${run.maxInFlight}, overshoot ${overshoot}`,
    );
    expect(run.admitted).toBeGreaterThanOrEqual(10);
    expect(run.refusalCodes).toEqual(new Set(['gateway_rate_limited']));
    expect(run.totalTokens).toBeLessThanOrEqual(tokensPerMinute);
    const after = engine.admit({ keyId: 'k1', estimatedTokens: 0, maxCostUsd: 0 }, nowMs);
    expect(after.tokens?.remaining).toBe(tokensPerMinute - run.totalTokens);
  });

  it('overshoots by no more than the documented bound when actual tokens exceed the estimate by up to 50%', async () => {
    const excessRatio = 0.5;
    const engine = setup();
    const run = await simulateConcurrentCalls({
      engine,
      calls: 200,
      request: { keyId: 'k1', estimatedTokens, maxCostUsd: 0 },
      nowMs,
      random: seededRandom(4),
      actual: (random) => ({ tokens: Math.floor(estimatedTokens * (1 + excessRatio * random)), costUsd: 0 }),
    });
    const overshoot = Math.max(0, run.totalTokens - tokensPerMinute);
    const looseBound = run.maxInFlight * estimatedTokens * excessRatio;
    console.log(
      `tpm, actual ≤ 1.5 × reserved: admitted ${run.admitted}/200, ${run.totalTokens} tokens, overshoot ${overshoot}, ` +
        `bound Σ in-flight excess ${run.excessTokensAtLastAdmission}, C × E = ${run.maxInFlight} × ${estimatedTokens * excessRatio} = ${looseBound}`,
    );
    expect(overshoot).toBeLessThanOrEqual(run.excessTokensAtLastAdmission);
    expect(overshoot).toBeLessThanOrEqual(looseBound);
  });
});
