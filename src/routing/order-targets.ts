import type { RouteStrategy } from '../config/portico-config.js';

/** What a strategy may look at for each target, in config order. */
export interface TargetFacts {
  weight: number;
  /** Mean recent latency in ms; undefined when never measured. */
  latencyMs: number | undefined;
  /** Price per million tokens (input + output) from the catalogue; undefined when unknown. */
  price: number | undefined;
}

export interface OrderOptions {
  /** Number of requests this route has seen, for round-robin. */
  counter: number;
  /** A number in [0, 1) for weighted picks; sticky canary requests derive it from their key. */
  random: number;
}

/**
 * The order in which to try a route's targets: the strategy picks the first, the others follow
 * in config order as fallbacks. Pure: same inputs, same order.
 */
export function orderTargets(
  strategy: RouteStrategy,
  facts: readonly TargetFacts[],
  options: OrderOptions,
): number[] {
  const inConfigOrder = facts.map((_, index) => index);
  const first = pickFirst(strategy, facts, options);
  return first === 0 ? inConfigOrder : [first, ...inConfigOrder.filter((index) => index !== first)];
}

function pickFirst(strategy: RouteStrategy, facts: readonly TargetFacts[], options: OrderOptions): number {
  switch (strategy) {
    case 'fallback':
      return 0;
    case 'round-robin':
      return options.counter % facts.length;
    case 'weighted':
    case 'canary':
      return pickWeighted(facts, options.random);
    case 'least-latency':
      return argMin(facts, (fact) => fact.latencyMs ?? -1); // untried targets first, to measure them
    case 'lowest-cost':
      return argMin(facts, (fact) => fact.price ?? Number.POSITIVE_INFINITY);
  }
}

function pickWeighted(facts: readonly TargetFacts[], random: number): number {
  const total = facts.reduce((sum, fact) => sum + fact.weight, 0);
  let point = random * total;
  for (const [index, fact] of facts.entries()) {
    if (fact.weight <= 0) continue;
    if (point < fact.weight) return index;
    point -= fact.weight;
  }
  return facts.findIndex((fact) => fact.weight > 0);
}

function argMin(facts: readonly TargetFacts[], value: (fact: TargetFacts) => number): number {
  let best = 0;
  for (let index = 1; index < facts.length; index++) {
    const fact = facts[index];
    const current = facts[best];
    if (fact !== undefined && current !== undefined && value(fact) < value(current)) best = index;
  }
  return best;
}

/** A stable number in [0, 1) for a sticky key (FNV-1a), so one caller always lands in one bucket. */
export function stickyPoint(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}
