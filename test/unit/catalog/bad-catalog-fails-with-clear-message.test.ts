import { describe, expect, it } from 'vitest';
import { ModelCatalogError, parseModelCatalog } from '../../../src/catalog/model-catalog.js';

const model = (overrides: Record<string, unknown> = {}) => ({
  id: 'gpt-4o',
  provider: 'openai',
  mode: 'chat',
  contextWindow: 128000,
  prices: { input: 2.5, output: 10 },
  capabilities: {
    tools: true,
    vision: true,
    jsonMode: true,
    reasoning: false,
    embeddings: false,
    streaming: true,
  },
  ...overrides,
});
const file = (...models: unknown[]) => ({
  sources: [{ provider: 'openai', url: 'https://openai.com/api/pricing/', asOf: 'as published 2025' }],
  models,
});

const problemOf = (data: unknown): string => {
  try {
    parseModelCatalog(data, 'models.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelCatalogError);
    return (error as Error).message;
  }
  throw new Error('expected the catalogue to be rejected');
};

describe('parseModelCatalog rejects a bad file with a message naming where', () => {
  it('accepts a minimal valid file', () => {
    expect(parseModelCatalog(file(model())).models).toHaveLength(1);
  });

  it('names a missing price', () => {
    expect(problemOf(file(model({ prices: { input: 1 } })))).toBe(
      'Model catalogue models.json: models[0].prices: must have required properties output',
    );
  });

  it('names a negative price', () => {
    expect(problemOf(file(model({ prices: { input: -1, output: 1 } })))).toMatch(
      /^Model catalogue models\.json: models\[0\]\.prices\.input: must be a number >= 0/,
    );
  });

  it('names an unknown field', () => {
    expect(problemOf(file(model({ price: 1 })))).toBe(
      'Model catalogue models.json: models[0].price: is not a known field',
    );
  });

  it('names a mode outside chat and embeddings', () => {
    expect(problemOf(file(model({ mode: 'image' })))).toBe(
      'Model catalogue models.json: models[0].mode: must be one of "chat", "embeddings"',
    );
  });

  it('names a duplicate id for the same provider', () => {
    expect(problemOf(file(model(), model()))).toBe(
      "Model catalogue models.json: models[1]: 'gpt-4o' for openai is already used by models[0]",
    );
  });

  it('names an alias that shadows another model', () => {
    const mini = model({ id: 'gpt-4o-mini', aliases: ['gpt-4o'] });
    expect(problemOf(file(model(), mini))).toBe(
      "Model catalogue models.json: models[1]: 'gpt-4o' for openai is already used by models[0]",
    );
  });

  it('allows the same id under two providers', () => {
    expect(parseModelCatalog(file(model(), model({ provider: 'azure' }))).models).toHaveLength(2);
  });

  it('names an embeddings capability that disagrees with the mode', () => {
    expect(problemOf(file(model({ mode: 'embeddings' })))).toBe(
      "Model catalogue models.json: models[0].capabilities.embeddings: must match mode 'embeddings'",
    );
  });

  it('rejects something that is not a catalogue at all', () => {
    expect(problemOf([])).toMatch(/^Model catalogue models\.json: /);
  });
});
