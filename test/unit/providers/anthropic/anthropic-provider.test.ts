import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src/core/chat.js';
import { anthropicProviderType } from '../../../../src/providers/anthropic/anthropic-provider.js';
import type { ProviderSettings } from '../../../../src/providers/provider.js';

const settings: ProviderSettings = {
  id: 'claude',
  type: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  cloud: {},
  apiKey: 'sk-ant-secret',
  headers: {},
};
const request: ChatRequest = {
  model: 'claude-sonnet-4-5',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  includeUsage: false,
};

describe('anthropicProviderType', () => {
  it('declares its defaults', () => {
    expect(anthropicProviderType).toMatchObject({
      name: 'anthropic',
      label: 'Anthropic',
      defaultBaseUrl: 'https://api.anthropic.com',
      requiresApiKey: true,
    });
  });

  it('creates a provider speaking anthropic-messages with chat and passthrough, no embeddings', () => {
    const provider = anthropicProviderType.create(settings);
    expect(provider.dialect).toBe('anthropic-messages');
    expect(provider.settings).toBe(settings);
    expect('passthroughRequest' in provider).toBe(true);
    expect('embeddingsRequest' in provider).toBe(false);
  });

  it('posts to /v1/messages with x-api-key and the default anthropic-version', () => {
    const upstream = anthropicProviderType
      .create({ ...settings, baseUrl: 'http://proxy.local/' })
      .chatRequest(request);
    expect(upstream).toMatchObject({ method: 'POST', url: 'http://proxy.local/v1/messages' });
    expect(upstream.headers).toEqual({
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-api-key': 'sk-ant-secret',
    });
    expect(JSON.parse(upstream.body ?? '')).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 4096 });
    expect(upstream).not.toHaveProperty('warnings');
  });

  it('uses the configured version and extra headers, and sends no key when there is none', () => {
    const keyless: ProviderSettings = {
      id: 'claude',
      type: 'anthropic',
      baseUrl: settings.baseUrl,
      cloud: {},
      headers: {},
    };
    const upstream = anthropicProviderType
      .create({ ...keyless, apiVersion: '2024-01-01', headers: { 'anthropic-beta': 'prompt-caching' } })
      .chatRequest(request);
    expect(upstream.headers).toEqual({
      'content-type': 'application/json',
      'anthropic-version': '2024-01-01',
      'anthropic-beta': 'prompt-caching',
    });
  });

  it('reports dropped settings as warnings', () => {
    const upstream = anthropicProviderType.create(settings).chatRequest({ ...request, seed: 1 });
    expect(upstream.warnings).toEqual(['seed is not supported by anthropic; ignored']);
  });

  it('gives each stream its own decoder', () => {
    const provider = anthropicProviderType.create(settings);
    expect(provider.chatStreamDecoder(request)).not.toBe(provider.chatStreamDecoder(request));
  });
});
