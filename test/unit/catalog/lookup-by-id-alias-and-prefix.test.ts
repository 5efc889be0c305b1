import { describe, expect, it } from 'vitest';
import { loadModelCatalog } from '../../../src/catalog/model-catalog.js';

const catalog = loadModelCatalog();
const idOf = (providerType: string, model: string): string | undefined =>
  catalog.lookup(providerType, model)?.id;

describe('ModelCatalog.lookup', () => {
  it('finds a model by its id', () => {
    expect(catalog.lookup('openai', 'gpt-4o')).toMatchObject({
      id: 'gpt-4o',
      provider: 'openai',
      mode: 'chat',
    });
  });

  it('finds a dated snapshot through its alias', () => {
    expect(idOf('openai', 'gpt-4o-2024-08-06')).toBe('gpt-4o');
    expect(idOf('anthropic', 'claude-sonnet-4-5')).toBe('claude-sonnet-4-5-20250929');
  });

  it('keeps providers apart', () => {
    expect(idOf('anthropic', 'gpt-4o')).toBeUndefined();
    expect(catalog.lookup('vertex', 'gemini-2.0-flash-001')?.prices.input).toBe(0.15);
    expect(catalog.lookup('gemini', 'gemini-2.0-flash-001')?.prices.input).toBe(0.1);
  });

  it('answers undefined for unknown models and provider types', () => {
    expect(catalog.lookup('openai', 'gpt-nonexistent')).toBeUndefined();
    expect(catalog.lookup('vllm', 'gpt-4o')).toBeUndefined();
  });

  it('matches ids exactly, case included', () => {
    expect(idOf('openai', 'GPT-4o')).toBeUndefined();
    expect(idOf('together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo')).toBe(
      'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    );
  });

  it('falls back to OpenAI ids for Azure, after Azure-only names', () => {
    expect(catalog.lookup('azure', 'gpt-4o-mini')).toMatchObject({ provider: 'openai', id: 'gpt-4o-mini' });
    expect(catalog.lookup('azure', 'gpt-4.1-2025-04-14')?.id).toBe('gpt-4.1');
    expect(catalog.lookup('azure', 'gpt-35-turbo')).toMatchObject({ provider: 'azure', id: 'gpt-35-turbo' });
    expect(catalog.lookup('openai', 'gpt-35-turbo')).toBeUndefined();
  });

  it('finds Claude on Vertex under the vertex-anthropic provider type too', () => {
    expect(catalog.lookup('vertex-anthropic', 'claude-sonnet-4-5@20250929')).toMatchObject({
      provider: 'vertex',
      prices: { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
    });
  });

  it('tolerates the models/ prefix of Gemini and the resource path of Vertex', () => {
    expect(idOf('gemini', 'models/gemini-2.5-flash')).toBe('gemini-2.5-flash');
    expect(idOf('vertex', 'publishers/google/models/gemini-2.5-pro')).toBe('gemini-2.5-pro');
    expect(idOf('vertex', 'publishers/anthropic/models/claude-sonnet-4-5@20250929')).toBe(
      'claude-sonnet-4-5@20250929',
    );
    expect(idOf('openai', 'models/gpt-4o')).toBeUndefined();
  });

  it('tolerates Bedrock inference-profile region prefixes and ARNs', () => {
    expect(idOf('bedrock', 'us.meta.llama3-3-70b-instruct-v1:0')).toBe('meta.llama3-3-70b-instruct-v1:0');
    expect(idOf('bedrock', 'eu.amazon.nova-pro-v1:0')).toBe('amazon.nova-pro-v1:0');
    expect(idOf('bedrock', 'apac.anthropic.claude-3-7-sonnet-20250219-v1:0')).toBe(
      'anthropic.claude-3-7-sonnet-20250219-v1:0',
    );
    expect(idOf('bedrock', 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0')).toBe(
      'amazon.titan-embed-text-v2:0',
    );
    expect(
      idOf('bedrock', 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0'),
    ).toBe('amazon.nova-lite-v1:0');
  });

  it('prices a global. Bedrock profile at the global rate and a geo profile at the regional rate', () => {
    const global = catalog.lookup('bedrock', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    const regional = catalog.lookup('bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(global?.prices.input).toBe(3);
    expect(regional?.id).toBe('anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(regional?.prices.input).toBe(3.3);
    expect(idOf('bedrock', 'global.anthropic.claude-opus-4-1-20250805-v1:0')).toBe(
      'anthropic.claude-opus-4-1-20250805-v1:0',
    );
  });

  it('finds embeddings models with their mode', () => {
    expect(catalog.lookup('openai', 'text-embedding-3-small')).toMatchObject({
      mode: 'embeddings',
      prices: { input: 0.02, output: 0 },
      capabilities: { embeddings: true, streaming: false },
    });
    expect(catalog.lookup('cohere', 'embed-v4.0')?.mode).toBe('embeddings');
  });
});
