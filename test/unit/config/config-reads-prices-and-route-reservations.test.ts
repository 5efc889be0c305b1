import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfig } from '../../../src/config/load-config.js';

const load = (yaml: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'portico-config-')), 'portico.yaml');
  writeFileSync(file, yaml);
  return loadConfig({ file, env: {} });
};

const local = `
  - id: house
    type: openai-compatible
    base_url: http://127.0.0.1:8000/v1`;

describe('config: prices and route reservations', () => {
  it('reads provider prices in the catalogue shape, a default price and route money settings', () => {
    const config = load(`
pricing:
  default: { input: 5, output: 15 }
providers:${local}
    prices:
      ft-support: { input: 0.5, output: 1.5, cached_input: 0.1, cache_write: 0.6, reasoning: 2 }
      "*": { input: 0.2, output: 0.6 }
models:
  - { name: support, max_choices: 2, reserved_output_tokens: 512, targets: [{ provider: house, model: ft-support }] }
  - { name: plain, targets: [{ provider: house, model: other }] }
`);
    expect(config.pricing.defaultPrices).toEqual({ input: 5, output: 15 });
    expect(config.providers[0]?.prices).toEqual({
      'ft-support': { input: 0.5, output: 1.5, cachedInput: 0.1, cacheWrite: 0.6, reasoning: 2 },
      '*': { input: 0.2, output: 0.6 },
    });
    expect(config.models[0]?.policy).toMatchObject({ maxChoices: 2, reservedOutputTokens: 512 });
    expect(config.models[1]?.policy).toMatchObject({ maxChoices: 8, reservedOutputTokens: 4096 });
  });

  it('leaves unpriced models unpriced unless a default is configured', () => {
    expect(load(`providers:${local}`).pricing).toEqual({});
  });

  it('refuses negative prices and choices beyond 128, naming the field', () => {
    expect(() => load(`providers:${local}\n    prices: { m: { input: -1, output: 1 } }`)).toThrow(
      ConfigError,
    );
    expect(() => load(`providers:${local}\n    prices: { m: { input: -1, output: 1 } }`)).toThrow(/prices/);
    expect(() =>
      load(
        `providers:${local}\nmodels:\n  - { name: x, max_choices: 129, targets: [{ provider: house, model: m }] }`,
      ),
    ).toThrow(/max_choices/);
  });
});
