import { describe, expect, it } from 'vitest';
import { Admission } from '../../../src/policy/admission.js';
import { MemoryCounterStore } from '../../../src/policy/memory-counter-store.js';
import { PolicyEngine } from '../../../src/policy/policy-engine.js';
import { headersOf } from './headers-of.js';

const request = {
  keyId: 'k1',
  appId: 'a1',
  tenantId: 't1',
  routeId: 'r1',
  estimatedTokens: 100,
  maxCostUsd: 1,
};

describe('calls no rule applies to', () => {
  it('get the shared no-op admission and touch no counter', () => {
    const store = new MemoryCounterStore();
    const engine = new PolicyEngine({ store });
    const admission = engine.admit(request, 0);
    expect(admission).toBe(Admission.none);
    expect(headersOf(admission)).toEqual({});
    engine.settle(admission, { tokens: 100, costUsd: 1 });
    engine.settle(admission, { tokens: 100, costUsd: 1 });
    expect(Admission.none.settled).toBe(false);

    engine.setRules({
      limits: [{ scope: 'key', scopeId: 'someone-else', requestsPerMinute: 1 }],
      budgets: [
        { scope: 'tenant', scopeId: 'other', tenantId: 'other', period: 'day', limitUsd: 1, softRatio: 1 },
      ],
    });
    expect(engine.admit(request, 0)).toBe(Admission.none);
    expect(store.size).toBe(0);
  });

  it('rejects invalid rules with a message naming the rule', () => {
    const engine = new PolicyEngine();
    expect(() =>
      engine.setRules({ limits: [{ scope: 'route', scopeId: 'r1', requestsPerMinute: -1 }], budgets: [] }),
    ).toThrow('Rate limit route r1: requestsPerMinute must be ≥ 0.');
  });
});
