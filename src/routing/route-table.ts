import type { ModelPrices } from '../catalog/model-catalog.js';
import { defaultMaxChoices, defaultReservedOutputTokens } from '../config/build-route-policy.js';
import type { ModelRoute, RoutePolicy } from '../config/portico-config.js';
import { GatewayError } from '../core/gateway-error.js';
import type { Provider } from '../providers/provider.js';
import type { ProviderEntry } from '../providers/provider-entry.js';
import type { UpstreamTimeouts } from '../upstream/upstream-timeouts.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { CredentialPool } from './credential-pool.js';
import { LatencyWindow } from './latency-window.js';

/** One place a request can be sent: a provider credential, its upstream model and timeouts. */
export interface Target {
  provider: Provider;
  model: string;
  timeouts: UpstreamTimeouts;
  /** The provider's configured prices for this model; absent: the catalogue's (or the default). */
  prices?: ModelPrices | undefined;
}

/** A target of a route with its live state: breaker, latency window, credential pool. */
export interface RouteTarget {
  readonly model: string;
  readonly weight: number;
  readonly timeouts: UpstreamTimeouts;
  readonly credentials: CredentialPool;
  readonly breaker: CircuitBreaker;
  readonly latency: LatencyWindow;
  /** Price per million tokens (input + output), when known. */
  readonly price: number | undefined;
  /** Registry type of the target's provider (for catalogue lookups). */
  readonly providerType: string;
  /** Configured provider id, for messages. */
  readonly providerId: string;
  /** The provider's configured prices for this model; absent: the catalogue's (or the default). */
  readonly prices: ModelPrices | undefined;
}

/** A route: the model name clients send, its targets and how to use them. */
export interface Route {
  readonly name: string;
  readonly policy: RoutePolicy;
  readonly targets: readonly RouteTarget[];
  /** True for a `<provider-id>/<model>` name resolved without a declared route. */
  readonly direct: boolean;
  /** Requests seen, for round-robin. */
  counter: number;
}

/** Input + output USD per 1M tokens of a model; undefined when unpriced. */
export type PriceLookup = (
  providerType: string,
  model: string,
  prices: ModelPrices | undefined,
) => number | undefined;

const directPolicy: RoutePolicy = {
  strategy: 'fallback',
  retries: { attempts: 0, backoffMs: 250, maxBackoffMs: 5_000 },
  fallbackOn: new Set(),
  breaker: { failures: 5, windowMs: 60_000, cooldownMs: 30_000 },
  maxChoices: defaultMaxChoices,
  reservedOutputTokens: defaultReservedOutputTokens,
};

/**
 * Resolves the model name a client sends to a route. Built once from config; lookups are map
 * reads, never I/O. Route state (breakers, latencies, counters) lives here, per process.
 */
export class RouteTable {
  private routes: Map<string, Route>;
  private direct = new Map<string, Route>();
  /** `routeCors()`, computed on first use after each (re)build. */
  private corsUnion: { origins: ReadonlySet<string>; credentials: boolean } | undefined;

  constructor(
    models: readonly ModelRoute[],
    private providers: ReadonlyMap<string, ProviderEntry>,
    private readonly directModelAccess: boolean,
    private readonly priceOf: PriceLookup = () => undefined,
  ) {
    this.routes = this.build(models);
  }

  /**
   * Replaces every route after a change in the store. Route state (breakers, latency windows,
   * counters) starts afresh: a changed route may have different targets, and a change is rare.
   */
  reload(models: readonly ModelRoute[], providers: ReadonlyMap<string, ProviderEntry>): void {
    const previous = this.providers;
    this.providers = providers;
    try {
      this.routes = this.build(models);
    } catch (error) {
      this.providers = previous; // a bad change leaves the running table untouched
      throw error;
    }
    this.direct = new Map();
  }

  private build(models: readonly ModelRoute[]): Map<string, Route> {
    this.corsUnion = undefined;
    const routes = new Map<string, Route>();
    for (const model of models) {
      const targets = model.targets.map((target) => {
        const entry = this.providers.get(target.provider);
        if (entry === undefined) throw new Error(`route ${model.name}: unknown provider ${target.provider}`);
        return this.routeTarget(entry, target.model, target.weight, model.policy);
      });
      routes.set(model.name, { name: model.name, policy: model.policy, targets, direct: false, counter: 0 });
    }
    return routes;
  }

  /** Declared route names, in config order. */
  names(): string[] {
    return [...this.routes.keys()];
  }

  /**
   * What the declared routes' own CORS settings allow together: a browser's preflight names no
   * route, so it is answered for any origin some route lets in (docs/configuration.md).
   */
  routeCors(): { origins: ReadonlySet<string>; credentials: boolean } {
    this.corsUnion ??= unionOfCors(this.routes.values());
    return this.corsUnion;
  }

  /** True when `name` is a declared route. */
  has(name: string): boolean {
    return this.routes.has(name);
  }

  /**
   * The route for `name`: a declared one, else `<provider-id>/<upstream-model>` when direct
   * access is on (who may call it is authorize's decision). Throws `model_not_found` otherwise.
   */
  resolve(name: string): Route {
    const declared = this.routes.get(name) ?? this.direct.get(name);
    if (declared !== undefined) return declared;
    const slash = name.indexOf('/');
    if (this.directModelAccess && slash > 0) {
      const entry = this.providers.get(name.slice(0, slash));
      const model = name.slice(slash + 1);
      if (entry !== undefined && model !== '') {
        const route = {
          name,
          policy: directPolicy,
          targets: [this.routeTarget(entry, model, 1, directPolicy)],
          direct: true,
          counter: 0,
        };
        if (this.direct.size < 10_000) this.direct.set(name, route); // bounded: names come from clients
        return route;
      }
    }
    if (this.providers.size === 0) throw new GatewayError('no_provider_configured');
    throw new GatewayError('model_not_found', `The model '${name}' does not exist.`, { param: 'model' });
  }

  private routeTarget(entry: ProviderEntry, model: string, weight: number, policy: RoutePolicy): RouteTarget {
    const first = entry.providers[0];
    const providerType = first?.settings.type ?? '';
    const prices = entry.prices[model] ?? entry.prices['*'];
    return {
      model,
      weight,
      timeouts: entry.timeouts,
      credentials: new CredentialPool(entry.providers),
      breaker: new CircuitBreaker(policy.breaker),
      latency: new LatencyWindow(),
      price: first === undefined ? undefined : this.priceOf(providerType, model, prices),
      providerType,
      providerId: first?.settings.id ?? '',
      prices,
    };
  }
}

function unionOfCors(routes: Iterable<Route>): { origins: ReadonlySet<string>; credentials: boolean } {
  const origins = new Set<string>();
  let credentials = false;
  for (const route of routes) {
    const cors = route.policy.cors;
    if (cors === undefined) continue;
    for (const origin of cors.origins) origins.add(origin);
    credentials ||= cors.credentials;
  }
  return { origins, credentials };
}
