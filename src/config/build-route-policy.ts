import { ConfigError } from './config-error.js';
import type { ConfigFile } from './config-schema.js';
import type { FallbackTrigger, RoutePolicy } from './portico-config.js';

type ModelEntry = NonNullable<ConfigFile['models']>[number];

const defaultFallbackOn: FallbackTrigger[] = [
  'rate_limit',
  'server_error',
  'timeout',
  'connection',
  'bad_response',
];

/** Choices one call may ask for when the route does not say: 8 answers to one prompt are plenty. */
export const defaultMaxChoices = 8;
/** Output tokens reserved per choice for calls without an output cap (see docs/limits-and-budgets.md). */
export const defaultReservedOutputTokens = 4_096;

/** The route's routing and resilience settings with defaults applied (see docs/routing.md). */
export function buildRoutePolicy(entry: ModelEntry, path: string, label: string): RoutePolicy {
  const strategy: RoutePolicy['strategy'] = entry.strategy ?? 'fallback';
  const policy: RoutePolicy = {
    strategy,
    retries: {
      attempts: entry.retries?.attempts ?? 0,
      backoffMs: entry.retries?.backoff_ms ?? 250,
      maxBackoffMs: entry.retries?.max_backoff_ms ?? 5_000,
    },
    fallbackOn: new Set<FallbackTrigger>(entry.fallback_on ?? defaultFallbackOn),
    breaker: {
      failures: entry.circuit_breaker?.failures ?? 5,
      windowMs: entry.circuit_breaker?.window_ms ?? 60_000,
      cooldownMs: entry.circuit_breaker?.cooldown_ms ?? 30_000,
    },
    maxChoices: entry.max_choices ?? defaultMaxChoices,
    reservedOutputTokens: entry.reserved_output_tokens ?? defaultReservedOutputTokens,
  };
  if (entry.cors !== undefined) {
    policy.cors = { origins: entry.cors.origins, credentials: entry.cors.credentials ?? false };
  }
  if (entry.sticky !== undefined) {
    if (strategy !== 'canary')
      throw new ConfigError(label, `${path}.sticky`, "only applies to strategy 'canary'");
    if (entry.sticky === 'key') policy.sticky = { by: 'key' };
    else if (entry.sticky.startsWith('header:') && entry.sticky.length > 7) {
      policy.sticky = { by: 'header', name: entry.sticky.slice(7).toLowerCase() };
    } else throw new ConfigError(label, `${path}.sticky`, "must be 'key' or 'header:<name>'");
  }
  if (
    (strategy === 'weighted' || strategy === 'canary') &&
    entry.targets.every((target) => (target.weight ?? 1) === 0)
  ) {
    throw new ConfigError(label, `${path}.targets`, 'at least one target needs a weight above 0');
  }
  return policy;
}
