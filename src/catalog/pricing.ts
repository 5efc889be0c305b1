import type { Usage } from '../core/chat.js';
import { computeCost } from './compute-cost.js';
import type { ModelCatalog, ModelInfo, ModelPrices } from './model-catalog.js';

/** A model as a route target names it: enough to find its price. */
export interface PricedModel {
  /** Registry type of the provider (catalogue lookups are by type). */
  readonly providerType: string;
  /** The upstream model id. */
  readonly model: string;
  /** Prices an admin set for this model on its provider; absent: the catalogue's. */
  readonly prices?: ModelPrices | undefined;
}

/**
 * Catalogue answers for the hot path: model facts and cost by provider type and upstream model,
 * memoized so a request costs one map read after the first. A model's price is, in order: the
 * one configured on its provider, the catalogue's, the configured default; else it is unpriced.
 */
export class Pricing {
  private readonly known = new Map<string, ModelInfo | null>();

  constructor(
    private readonly catalog: ModelCatalog,
    /** Price of models nothing else prices (`pricing.default`); absent: they stay unpriced. */
    private readonly defaultPrices?: ModelPrices,
  ) {}

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

  /** The prices the model is charged at; undefined when it is unpriced. */
  prices(model: PricedModel): ModelPrices | undefined {
    return model.prices ?? this.info(model.providerType, model.model)?.prices ?? this.defaultPrices;
  }

  /** Cost in USD of `usage` on that model; undefined when it is unpriced. */
  cost(model: PricedModel, usage: Usage): number | undefined {
    const prices = this.prices(model);
    return prices === undefined ? undefined : computeCost(usage, prices);
  }

  /** Input + output price per million tokens, for the lowest-cost strategy. */
  pricePerMillion(model: PricedModel): number | undefined {
    const prices = this.prices(model);
    return prices === undefined ? undefined : prices.input + prices.output;
  }
}
