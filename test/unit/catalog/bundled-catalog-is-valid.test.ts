import { describe, expect, it } from 'vitest';
import bundled from '../../../src/catalog/models.json' with { type: 'json' };
import { loadModelCatalog, parseModelCatalog } from '../../../src/catalog/model-catalog.js';
import { providerTypes } from '../../../src/providers/registry.js';

describe('the bundled model catalogue', () => {
  const catalog = loadModelCatalog();

  it('validates against the schema', () => {
    expect(() => parseModelCatalog(bundled)).not.toThrow();
  });

  it('holds at least 150 models', () => {
    expect(catalog.models.length).toBeGreaterThanOrEqual(150);
  });

  it('names only provider types that exist in the registry', () => {
    const known = new Set(providerTypes.keys());
    const unknown = [...new Set(catalog.models.map((model) => model.provider))].filter(
      (provider) => !known.has(provider),
    );
    expect(unknown).toEqual([]);
  });

  it('has no duplicate (provider, id) and no alias shadowing another name', () => {
    const names = catalog.models.flatMap((model) =>
      [model.id, ...(model.aliases ?? [])].map((name) => `${model.provider} ${name}`),
    );
    expect(names.length).toBe(new Set(names).size);
  });

  it('has only finite, non-negative prices, and discounts that are discounts', () => {
    for (const { provider, id, prices } of catalog.models) {
      const label = `${provider} ${id}`;
      for (const price of Object.values(prices)) {
        expect(Number.isFinite(price) && price >= 0, label).toBe(true);
      }
      if (prices.cachedInput !== undefined)
        expect(prices.cachedInput, label).toBeLessThanOrEqual(prices.input);
    }
  });

  it('keeps limits consistent: output within the context window, embeddings priced on input only', () => {
    for (const model of catalog.models) {
      const label = `${model.provider} ${model.id}`;
      if (model.maxOutputTokens !== undefined) {
        expect(model.maxOutputTokens, label).toBeLessThanOrEqual(model.contextWindow);
      }
      if (model.mode === 'embeddings') {
        expect(model.prices.output, label).toBe(0);
        expect(model.capabilities.streaming, label).toBe(false);
      }
    }
  });

  it('has one dated source with an https pricing page for every provider it names, and none unused', () => {
    const sourced = catalog.sources.map((source) => source.provider);
    expect(sourced.length).toBe(new Set(sourced).size);
    expect(new Set(sourced)).toEqual(new Set(catalog.models.map((model) => model.provider)));
    for (const source of catalog.sources) {
      expect(source.url).toMatch(/^https:\/\//);
      expect(source.asOf).toMatch(/\d{4}/);
    }
  });
});
