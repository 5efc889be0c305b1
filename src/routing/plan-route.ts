import { orderTargets, stickyPoint } from './order-targets.js';
import type { Route, RouteTarget } from './route-table.js';

/**
 * The order to try a route's targets for one request. `stickyKey` pins a canary assignment
 * (same key, same target); without it weighted picks are random.
 */
export function planRoute(
  route: Route,
  stickyKey: string | undefined,
  random: () => number = Math.random,
): RouteTarget[] {
  const counter = route.counter++;
  // Most routes have one target: nothing to order, and no per-request arrays of facts to build.
  const only = route.targets.length === 1 ? route.targets[0] : undefined;
  if (only !== undefined) return [only];
  const facts = route.targets.map((target) => ({
    weight: target.weight,
    latencyMs: target.latency.mean(),
    price: target.price,
  }));
  const point = stickyKey === undefined ? random() : stickyPoint(stickyKey);
  return orderTargets(route.policy.strategy, facts, { counter, random: point }).flatMap((index) => {
    const target = route.targets[index];
    return target === undefined ? [] : [target];
  });
}
