import type { Pricing } from '../catalog/pricing.js';
import type { JsonObject } from '../core/chat.js';
import { GatewayError } from '../core/gateway-error.js';
import type { Caller } from '../governance/governance-snapshot.js';
import type { GovernanceState } from '../governance/governance-state.js';
import type { RouteTable } from '../routing/route-table.js';

/**
 * `GET /v1/models` and `GET /v1/models/{id}` in OpenAI's shape; the models are the declared
 * routes, described by the catalogue entry of each route's first target (context window,
 * output limit, capabilities, list prices per million tokens) when the catalogue knows it.
 */
export class ModelsHandler {
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(
    private readonly routes: RouteTable,
    private readonly pricing: Pricing,
    private readonly governance: GovernanceState,
  ) {}

  /** The routes this caller may call (not another tenant's private ones, only what its allow-lists name). */
  list(caller: Caller | undefined): JsonObject {
    const names = this.routes.names().filter((name) => this.governance.routeListed(name, caller));
    return { object: 'list', data: names.map((name) => this.model(name)) };
  }

  get(id: string, caller: Caller | undefined): JsonObject {
    if (!this.routes.has(id) || !this.governance.routeListed(id, caller)) {
      throw new GatewayError('model_not_found', `The model '${id}' does not exist.`, { param: 'model' });
    }
    return this.model(id);
  }

  private model(id: string): JsonObject {
    const model: JsonObject = { id, object: 'model', created: this.created, owned_by: 'portico' };
    const first = this.routes.resolve(id).targets[0];
    const provider = first?.credentials.providers[0];
    if (first === undefined || provider === undefined) return model;
    const info = this.pricing.info(provider.settings.type, first.model);
    if (info === undefined) return model;
    return {
      ...model,
      context_window: info.contextWindow,
      ...(info.maxOutputTokens === undefined ? {} : { max_output_tokens: info.maxOutputTokens }),
      mode: info.mode,
      capabilities: { ...info.capabilities },
      pricing: { ...info.prices, unit: 'USD per 1M tokens' },
    };
  }
}
