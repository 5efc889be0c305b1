import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from '../../../src/policy/memory-counter-store.js';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import type { SpendDelta } from '../../../src/policy/spend-ports.js';
import { emptyCounterEntry } from '../../../src/policy/counter-store.js';
import { seededRandom, simulateConcurrentCalls } from './simulate-concurrent-calls.js';

const nowMs = Date.UTC(2026, 11, 3, 12, 0, 0);
const limitUsd = 1;
const maxCostUsd = 0.1;

function setup(): { engine: PolicyEngine; store: MemoryCounterStore; deltas: SpendDelta[] } {
  const store = new MemoryCounterStore();
  const deltas: SpendDelta[] = [];
  const engine = new PolicyEngine({ store, spendSink: { record: (changes) => deltas.push(...changes) } });
  engine.setRules({
    limits: [],
    budgets: [{ scope: 'tenant', scopeId: 't1', tenantId: 't1', period: 'day', limitUsd, softRatio: 0.8 }],
  });
  return { engine, store, deltas };
}

function budgetCounterMicroUsd(store: MemoryCounterStore): number {
  const entry = emptyCounterEntry();
  Object.assign(entry, { key: 'budget day tenant t1', windowStartMs: Date.UTC(2026, 11, 3) });
  entry.windowEndMs = entry.windowStartMs + 86_400_000;
  store.peek(entry, nowMs);
  return entry.used;
}

describe('200 concurrent calls against a budget with room for 10 reservations', () => {
  it('spends exactly what the admitted calls cost and never more than the limit when actual ≤ reserved', async () => {
    const { engine, store, deltas } = setup();
    const run = await simulateConcurrentCalls({
      engine,
      calls: 200,
      request: { tenantId: 't1', estimatedTokens: 1000, maxCostUsd },
      nowMs,
      random: seededRandom(1),
      actual: (random) => ({ tokens: 0, costUsd: Number((random * maxCostUsd).toFixed(6)) }),
    });
    engine.flushSpend();
    const recorded = deltas.reduce((sum, delta) => sum + delta.deltaUsd, 0);
    const overshoot = Math.max(0, run.totalCostUsd - limitUsd);
    console.log(
      `budget, actual ≤ reserved: admitted ${run.admitted}/200, spent $${run.totalCostUsd.toFixed(6)} of $${limitUsd}, ` +
        `max in flight ${run.maxInFlight}, overshoot $${overshoot.toFixed(6)}`,
    );
    expect(run.admitted + run.refused).toBe(200);
    expect(run.admitted).toBeGreaterThanOrEqual(10);
    expect(run.refusalCodes).toEqual(new Set(['budget_exceeded']));
    expect(recorded).toBeCloseTo(run.totalCostUsd, 9);
    expect(budgetCounterMicroUsd(store)).toBe(Math.round(run.totalCostUsd * 1e6));
    expect(run.totalCostUsd).toBeLessThanOrEqual(limitUsd + 1e-9);
  });

  it('overshoots by no more than the documented bound when actual cost exceeds the reservation by up to 50%', async () => {
    const excessRatio = 0.5;
    const { engine, store } = setup();
    const run = await simulateConcurrentCalls({
      engine,
      calls: 200,
      request: { tenantId: 't1', estimatedTokens: 1000, maxCostUsd },
      nowMs,
      random: seededRandom(2),
      actual: (random) => ({
        tokens: 0,
        costUsd: Number((maxCostUsd * (1 + excessRatio * random)).toFixed(6)),
      }),
    });
    const overshoot = Math.max(0, run.totalCostUsd - limitUsd);
    const looseBound = run.maxInFlight * maxCostUsd * excessRatio;
    console.log(
      `budget, actual ≤ 1.5 × reserved: admitted ${run.admitted}/200, spent $${run.totalCostUsd.toFixed(6)}, ` +
        `overshoot $${overshoot.toFixed(6)}, bound Σ in-flight excess $${run.excessCostAtLastAdmission.toFixed(6)}, ` +
        `C × E = ${run.maxInFlight} × $${(maxCostUsd * excessRatio).toFixed(2)} = $${looseBound.toFixed(6)}`,
    );
    expect(budgetCounterMicroUsd(store)).toBe(Math.round(run.totalCostUsd * 1e6));
    expect(overshoot).toBeLessThanOrEqual(run.excessCostAtLastAdmission + 1e-9);
    expect(overshoot).toBeLessThanOrEqual(looseBound + 1e-9);
  });
});
