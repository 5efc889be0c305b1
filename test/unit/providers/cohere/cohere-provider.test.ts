import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src/core/chat.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { cohereErrorDetail } from '../../../../src/providers/cohere/cohere-error-detail.js';
import { cohereProviderType } from '../../../../src/providers/cohere/cohere-provider.js';
import type { ProviderSettings } from '../../../../src/providers/provider.js';

const settings: ProviderSettings = {
  id: 'co',
  type: 'cohere',
  baseUrl: 'https://api.cohere.com',
  apiKey: 'co-secret',
  headers: { 'x-client-name': 'portico' },
  cloud: {},
};
const request: ChatRequest = {
  model: 'command-a-03-2025',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  includeUsage: false,
};

describe('cohereProviderType', () => {
  it('declares its defaults and translates only (no passthrough)', () => {
    expect(cohereProviderType).toMatchObject({
      name: 'cohere',
      defaultBaseUrl: 'https://api.cohere.com',
      requiresApiKey: true,
    });
    const provider = cohereProviderType.create(settings);
    expect('passthroughRequest' in provider).toBe(false);
    expect(provider.credentials).toBeUndefined();
  });

  it('posts to /v2/chat with the key as a bearer token', () => {
    const call = cohereProviderType
      .create({ ...settings, baseUrl: 'http://proxy.local/' })
      .chatRequest(request);
    expect(call).toMatchObject({ method: 'POST', url: 'http://proxy.local/v2/chat' });
    expect(call.headers).toEqual({
      'content-type': 'application/json',
      authorization: 'Bearer co-secret',
      'x-client-name': 'portico',
    });
    expect(JSON.parse(call.body ?? '')).toEqual({
      model: 'command-a-03-2025',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(call).not.toHaveProperty('warnings');
  });

  it('reports dropped settings as warnings', () => {
    const call = cohereProviderType.create(settings).chatRequest({ ...request, user: 'u' });
    expect(call.warnings).toEqual(['user is not supported by cohere; ignored']);
  });

  it('embeds through /v2/embed as search documents and reads float embeddings', () => {
    const provider = cohereProviderType.create(settings);
    const call = provider.embeddingsRequest?.({ model: 'embed-v4.0', input: ['a', 'b'], dimensions: 256 });
    expect(call?.url).toBe('https://api.cohere.com/v2/embed');
    expect(JSON.parse(call?.body ?? '')).toEqual({
      model: 'embed-v4.0',
      texts: ['a', 'b'],
      input_type: 'search_document',
      embedding_types: ['float'],
      output_dimension: 256,
    });
    const response = provider.embeddingsResponse?.({
      id: 'e-1',
      embeddings: { float: [[0.1], [0.2]] },
      texts: ['a', 'b'],
      meta: { billed_units: { input_tokens: 2 } },
    });
    expect(response).toEqual({
      model: '',
      embeddings: [[0.1], [0.2]],
      usage: { inputTokens: 2, totalTokens: 2 },
    });
    expect(() => provider.embeddingsResponse?.({ embeddings: [[0.1]] })).toThrow(GatewayError);
  });
});

describe('cohereErrorDetail', () => {
  it("reads Cohere's { message } body", () => {
    expect(cohereErrorDetail(400, '{"id":"x","message":"invalid request: bad"}')).toEqual({
      message: 'invalid request: bad',
    });
  });

  it('falls back to the raw text, and names an empty body', () => {
    expect(cohereErrorDetail(502, '<html>Bad Gateway</html>')).toEqual({
      message: '<html>Bad Gateway</html>',
    });
    expect(cohereErrorDetail(500, '')).toEqual({ message: 'HTTP 500 with an empty body' });
  });
});
