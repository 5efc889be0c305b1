import { describe, expect, it } from 'vitest';
import type { BalancedNode } from '../../../../src/rest/upstream/balancer.js';
import { ConsistentHashBalancer } from '../../../../src/rest/upstream/consistent-hash-balancer.js';
import { LeastConnectionsBalancer } from '../../../../src/rest/upstream/least-connections-balancer.js';
import { RoundRobinBalancer } from '../../../../src/rest/upstream/round-robin-balancer.js';
import { WeightedBalancer } from '../../../../src/rest/upstream/weighted-balancer.js';

interface TestNode extends BalancedNode {
  active: number;
}

function nodes(...weights: number[]): TestNode[] {
  return weights.map((weight, index) => ({ url: `http://node-${String(index)}:80`, weight, active: 0 }));
}

function countPicks(pick: () => TestNode | undefined, times: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let index = 0; index < times; index += 1) {
    const url = pick()?.url ?? 'none';
    counts.set(url, (counts.get(url) ?? 0) + 1);
  }
  return counts;
}

describe('round-robin', () => {
  it('gives every node exactly its turn', () => {
    const all = nodes(1, 1, 1, 1);
    const balancer = new RoundRobinBalancer<TestNode>();
    const order = Array.from({ length: 8 }, () => balancer.pick(all)?.url);
    expect(order).toEqual([...all, ...all].map((node) => node.url));
    const counts = countPicks(() => balancer.pick(all), 1000);
    expect([...counts.values()]).toEqual([250, 250, 250, 250]);
  });

  it('picks nothing from no candidates', () => {
    expect(new RoundRobinBalancer<TestNode>().pick([])).toBeUndefined();
  });
});

describe('weighted (smooth)', () => {
  it('splits 1:3 within 2% and interleaves instead of bursting', () => {
    const all = nodes(1, 3);
    const balancer = new WeightedBalancer<TestNode>();
    const counts = countPicks(() => balancer.pick(all), 1000);
    expect(Math.abs((counts.get(all[0]?.url ?? '') ?? 0) / 1000 - 0.25)).toBeLessThanOrEqual(0.02);
    expect(Math.abs((counts.get(all[1]?.url ?? '') ?? 0) / 1000 - 0.75)).toBeLessThanOrEqual(0.02);
    const firstFour = Array.from({ length: 4 }, () => balancer.pick(all)?.weight);
    expect(firstFour.filter((weight) => weight === 1)).toHaveLength(1);
  });

  it('never picks a node of weight 0', () => {
    const all = nodes(0, 2, 1);
    const balancer = new WeightedBalancer<TestNode>();
    const counts = countPicks(() => balancer.pick(all), 300);
    expect(counts.get(all[0]?.url ?? '')).toBeUndefined();
    expect(counts.get(all[1]?.url ?? '')).toBe(200);
    expect(counts.get(all[2]?.url ?? '')).toBe(100);
  });
});

describe('least-connections', () => {
  it('prefers the idle node', () => {
    const all = nodes(1, 1, 1);
    const [first, second, third] = all;
    if (first === undefined || second === undefined || third === undefined) throw new Error('nodes');
    first.active = 5;
    second.active = 0;
    third.active = 2;
    const balancer = new LeastConnectionsBalancer<TestNode>();
    expect(countPicks(() => balancer.pick(all), 1000).get(second.url)).toBe(1000);
  });

  it('follows in-flight counts as they change and breaks ties by weight', () => {
    const all = nodes(1, 3);
    const balancer = new LeastConnectionsBalancer<TestNode>();
    // Each pick holds a connection: the busy-ness evens out across nodes.
    for (let index = 0; index < 10; index += 1) {
      const node = balancer.pick(all);
      if (node !== undefined) node.active += 1;
    }
    expect(all.map((node) => node.active)).toEqual([5, 5]);
    // All idle: ties follow the weights, 1:3.
    for (const node of all) node.active = 0;
    const counts = countPicks(() => balancer.pick(all), 1000);
    expect(counts.get(all[1]?.url ?? '')).toBe(750);
  });
});

describe('consistent-hash', () => {
  const keys = Array.from({ length: 1000 }, (_, index) => `client-${String(index)}`);

  it('sends a key to the same node every time and spreads keys over nodes', () => {
    const all = nodes(1, 1, 1);
    const balancer = new ConsistentHashBalancer<TestNode>(all);
    const first = keys.map((key) => balancer.pick(all, key)?.url);
    const again = keys.map((key) => balancer.pick(all, key)?.url);
    expect(again).toEqual(first);
    const counts = countPicks(() => undefined, 0);
    for (const url of first) counts.set(url ?? 'none', (counts.get(url ?? 'none') ?? 0) + 1);
    for (const node of all) expect(counts.get(node.url) ?? 0).toBeGreaterThan(200);
  });

  it("moves only the leaving node's keys", () => {
    const all = nodes(1, 1, 1);
    const [, leaving] = all;
    const balancer = new ConsistentHashBalancer<TestNode>(all);
    const before = keys.map((key) => balancer.pick(all, key));
    const remaining = all.filter((node) => node !== leaving);
    const after = keys.map((key) => balancer.pick(remaining, key));
    let moved = 0;
    before.forEach((node, index) => {
      if (node === leaving) {
        moved += 1;
        expect(after[index]).not.toBe(leaving);
      } else {
        expect(after[index]).toBe(node);
      }
    });
    expect(moved).toBeGreaterThan(200);
    // A ring built without the node (configuration change) agrees with the ejected view.
    const rebuilt = new ConsistentHashBalancer<TestNode>(remaining);
    expect(keys.map((key) => rebuilt.pick(remaining, key))).toEqual(after);
  });

  it('takes turns without a key', () => {
    const all = nodes(1, 1);
    const balancer = new ConsistentHashBalancer<TestNode>(all);
    expect([balancer.pick(all, undefined), balancer.pick(all, undefined)]).toEqual(all);
  });
});
