import type { RoutePolicy, RouteStrategy } from '../../../src/config/portico-config.js';
import type { Provider } from '../../../src/providers/provider.js';
import { CircuitBreaker } from '../../../src/routing/circuit-breaker.js';
import { CredentialPool } from '../../../src/routing/credential-pool.js';
import { LatencyWindow } from '../../../src/routing/latency-window.js';
import type { Route, RouteTarget } from '../../../src/routing/route-table.js';

/** A stand-in credential: routing only compares Provider instances, never calls them. */
export function fakeProvider(): Provider {
  return {} as Provider;
}

export const breakerSettings: RoutePolicy['breaker'] = { failures: 3, windowMs: 10_000, cooldownMs: 30_000 };

export function routeTarget(
  model: string,
  overrides: Partial<Pick<RouteTarget, 'weight' | 'price'>> = {},
): RouteTarget {
  return {
    model,
    weight: overrides.weight ?? 1,
    timeouts: { connectMs: 1, firstByteMs: 1, idleMs: 1, totalMs: 1 },
    credentials: new CredentialPool([fakeProvider()]),
    breaker: new CircuitBreaker(breakerSettings),
    latency: new LatencyWindow(),
    price: overrides.price,
    providerType: 'openai',
    providerId: `provider-${model}`,
    prices: undefined,
  };
}

export function route(strategy: RouteStrategy, targets: RouteTarget[]): Route {
  const policy = {
    strategy,
    retries: { attempts: 0, backoffMs: 250, maxBackoffMs: 5000 },
    breaker: breakerSettings,
  } as RoutePolicy; // the planner reads the strategy only
  return { name: 'r', policy, targets, direct: false, counter: 0 };
}
