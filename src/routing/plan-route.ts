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
