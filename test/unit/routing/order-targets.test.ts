import { describe, expect, it } from 'vitest';
import { orderTargets, stickyPoint, type TargetFacts } from '../../../src/routing/order-targets.js';

const fact = (overrides: Partial<TargetFacts> = {}): TargetFacts => ({
  weight: 1,
  latencyMs: undefined,
  price: undefined,
  ...overrides,
});
const three = [fact(), fact(), fact()];
const at = { counter: 0, random: 0 };

describe('orderTargets', () => {
  it('fallback: config order, whatever the counter and random', () => {
    expect(orderTargets('fallback', three, { counter: 7, random: 0.99 })).toEqual([0, 1, 2]);
  });

  it('round-robin: the counter picks the first, the others follow in config order', () => {
    const firsts = [0, 1, 2, 3, 4].map((counter) => orderTargets('round-robin', three, { ...at, counter }));
    expect(firsts).toEqual([
      [0, 1, 2],
      [1, 0, 2],
      [2, 0, 1],
      [0, 1, 2],
      [1, 0, 2],
    ]);
  });

  it('weighted: the random point falls into the targets’ weight bands', () => {
    const facts = [fact({ weight: 1 }), fact({ weight: 3 })];
    expect(orderTargets('weighted', facts, { ...at, random: 0 })).toEqual([0, 1]);
    expect(orderTargets('weighted', facts, { ...at, random: 0.24 })).toEqual([0, 1]);
    expect(orderTargets('weighted', facts, { ...at, random: 0.25 })).toEqual([1, 0]);
    expect(orderTargets('weighted', facts, { ...at, random: 0.999 })).toEqual([1, 0]);
  });

  it('weighted: a zero weight is never picked first, but stays a fallback', () => {
    const facts = [fact({ weight: 0 }), fact({ weight: 2 }), fact({ weight: 0 })];
    for (const random of [0, 0.5, 0.999])
      expect(orderTargets('weighted', facts, { ...at, random })).toEqual([1, 0, 2]);
  });

  it('canary: weighted by the point it is given', () => {
    const facts = [fact({ weight: 9 }), fact({ weight: 1 })];
    expect(orderTargets('canary', facts, { ...at, random: 0.5 })).toEqual([0, 1]);
    expect(orderTargets('canary', facts, { ...at, random: 0.95 })).toEqual([1, 0]);
  });

  it('least-latency: untried targets first, then the fastest mean', () => {
    const measured = [fact({ latencyMs: 300 }), fact({ latencyMs: 100 }), fact({ latencyMs: 200 })];
    expect(orderTargets('least-latency', measured, at)).toEqual([1, 0, 2]);
    const oneUntried = [fact({ latencyMs: 100 }), fact({ latencyMs: 50 }), fact()];
    expect(orderTargets('least-latency', oneUntried, at)).toEqual([2, 0, 1]);
  });

  it('lowest-cost: the cheapest known price; unknown prices last; ties keep config order', () => {
    const priced = [fact(), fact({ price: 12 }), fact({ price: 3 }), fact({ price: 3 })];
    expect(orderTargets('lowest-cost', priced, at)).toEqual([2, 0, 1, 3]);
    expect(orderTargets('lowest-cost', [fact(), fact()], at)).toEqual([0, 1]);
  });
});

describe('stickyPoint', () => {
  it('gives one key the same point in [0, 1), and different keys different points', () => {
    const point = stickyPoint('key-a');
    expect(stickyPoint('key-a')).toBe(point);
    expect(point).toBeGreaterThanOrEqual(0);
    expect(point).toBeLessThan(1);
    expect(stickyPoint('key-b')).not.toBe(point);
    expect(stickyPoint('')).toBe(0x811c9dc5 / 0x1_0000_0000);
  });
});
