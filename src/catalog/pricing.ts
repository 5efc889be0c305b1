import type { Usage } from '../core/chat.js';
import { computeCost } from './compute-cost.js';
import type { ModelCatalog, ModelInfo } from './model-catalog.js';

/**
 * Catalogue answers for the hot path: model facts and cost by provider type and upstream model,
 * memoized so a request costs one map read after the first.
 */
export class Pricing {
  private readonly known = new Map<string, ModelInfo | null>();

  constructor(private readonly catalog: ModelCatalog) {}

  /** The catalogue entry, or undefined for models the catalogue does not list. */
  info(providerType: string, model: string): ModelInfo | undefined {
    const key = `${providerType}\u0000${model}`;
    let found = this.known.get(key);
    if (found === undefined) {
      found = this.catalog.lookup(providerType, model) ?? null;
      if (this.known.size < 10_000) this.known.set(key, found); // bounded: direct model names come from clients
    }
    return found ?? undefined;
  }

  /** Cost in USD of `usage` on that model; undefined when its price is unknown. */
  cost(providerType: string, model: string, usage: Usage): number | undefined {
    const info = this.info(providerType, model);
    return info === undefined ? undefined : computeCost(usage, info.prices);
  }

  /** Input + output list price per million tokens, for the lowest-cost strategy. */
  pricePerMillion(providerType: string, model: string): number | undefined {
    const prices = this.info(providerType, model)?.prices;
    return prices === undefined ? undefined : prices.input + prices.output;
  }
}
