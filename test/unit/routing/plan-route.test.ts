import { describe, expect, it } from 'vitest';
import { planRoute } from '../../../src/routing/plan-route.js';
import { stickyPoint } from '../../../src/routing/order-targets.js';
import { route, routeTarget } from './routing-fixture.js';

const models = (targets: readonly { model: string }[]): string[] => targets.map((target) => target.model);

describe('planRoute', () => {
  it('returns a single target as is, and still counts the request', () => {
    const only = route('round-robin', [routeTarget('a')]);
    expect(models(planRoute(only, undefined))).toEqual(['a']);
    expect(only.counter).toBe(1);
  });

  it('round-robin: each request moves the first target on, the rest follow as fallbacks', () => {
    const rr = route('round-robin', [routeTarget('a'), routeTarget('b'), routeTarget('c')]);
    const plans = [1, 2, 3, 4].map(() => models(planRoute(rr, undefined)));
    expect(plans).toEqual([
      ['a', 'b', 'c'],
      ['b', 'a', 'c'],
      ['c', 'a', 'b'],
      ['a', 'b', 'c'],
    ]);
    expect(rr.counter).toBe(4);
  });

  it('weighted: uses the random source when there is no sticky key', () => {
    const weighted = route('weighted', [routeTarget('a', { weight: 1 }), routeTarget('b', { weight: 1 })]);
    expect(models(planRoute(weighted, undefined, () => 0.1))).toEqual(['a', 'b']);
    expect(models(planRoute(weighted, undefined, () => 0.9))).toEqual(['b', 'a']);
  });

  it('canary: a sticky key lands on the same target every time, whatever the random source says', () => {
    const canary = route('canary', [
      routeTarget('stable', { weight: 1 }),
      routeTarget('next', { weight: 1 }),
    ]);
    const key = 'caller-1';
    const expected = stickyPoint(key) < 0.5 ? 'stable' : 'next';
    for (const random of [0, 0.5, 0.99])
      expect(planRoute(canary, key, () => random)[0]?.model).toBe(expected);
  });

  it('least-latency: reads each target’s latency window', () => {
    const [slow, fast] = [routeTarget('slow'), routeTarget('fast')];
    slow.latency.record(400);
    fast.latency.record(40);
    expect(models(planRoute(route('least-latency', [slow, fast]), undefined))).toEqual(['fast', 'slow']);
  });

  it('lowest-cost: reads each target’s price', () => {
    const plan = planRoute(
      route('lowest-cost', [routeTarget('dear', { price: 30 }), routeTarget('cheap', { price: 2 })]),
      undefined,
    );
    expect(models(plan)).toEqual(['cheap', 'dear']);
  });

  it('fallback: config order', () => {
    expect(
      models(planRoute(route('fallback', [routeTarget('a'), routeTarget('b')]), undefined, () => 0.99)),
    ).toEqual(['a', 'b']);
  });
});
