import type { ModelRoute, UpstreamTimeouts } from '../config/portico-config.js';
import { GatewayError } from '../core/gateway-error.js';
import type { Provider } from '../providers/provider.js';

/** One place a request can be sent: a provider, its upstream model and its timeouts. */
export interface Target {
  provider: Provider;
  model: string;
  timeouts: UpstreamTimeouts;
}

/** A configured provider ready for calls. */
export interface ProviderEntry {
  provider: Provider;
  timeouts: UpstreamTimeouts;
}

/**
 * Resolves the model name a client sends to the ordered targets to try. Built once from config;
 * lookups are map reads, never I/O.
 */
export class RouteTable {
  private readonly routes = new Map<string, Target[]>();

  constructor(
    models: readonly ModelRoute[],
    private readonly providers: ReadonlyMap<string, ProviderEntry>,
    private readonly directModelAccess: boolean,
  ) {
    for (const model of models) {
      this.routes.set(
        model.name,
        model.targets.map((target) => {
          const entry = providers.get(target.provider);
          if (entry === undefined)
            throw new Error(`route ${model.name}: unknown provider ${target.provider}`);
          return { provider: entry.provider, model: target.model, timeouts: entry.timeouts };
        }),
      );
    }
  }

  /** Declared route names, in config order. */
  names(): string[] {
    return [...this.routes.keys()];
  }

  /** True when `name` is a declared route. */
  has(name: string): boolean {
    return this.routes.has(name);
  }

  /**
   * Targets for `name`: a declared route, else `<provider-id>/<upstream-model>` when direct access
   * is on. Throws `model_not_found` otherwise.
   */
  resolve(name: string): Target[] {
    const declared = this.routes.get(name);
    if (declared !== undefined) return declared;
    const slash = name.indexOf('/');
    if (this.directModelAccess && slash > 0) {
      const entry = this.providers.get(name.slice(0, slash));
      const model = name.slice(slash + 1);
      if (entry !== undefined && model !== '')
        return [{ provider: entry.provider, model, timeouts: entry.timeouts }];
    }
    if (this.providers.size === 0) throw new GatewayError('no_provider_configured');
    throw new GatewayError('model_not_found', `The model '${name}' does not exist.`, { param: 'model' });
  }
}
