import { describe, expect, it } from 'vitest';
import { anthropicProviderType } from '../../../../src/providers/anthropic/anthropic-provider.js';
import type { PassthroughTarget, Provider, ProviderSettings } from '../../../../src/providers/provider.js';

const settings: ProviderSettings = {
  id: 'claude',
  type: 'anthropic',
  baseUrl: 'http://anthropic.local/',
  cloud: {},
  apiKey: 'sk-ant-gateway',
  headers: {},
};
const body = { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] };
const target = (clientHeaders: PassthroughTarget['clientHeaders']): PassthroughTarget => ({
  model: 'claude-sonnet-4-5',
  stream: false,
  clientHeaders,
});

function passthrough(provider: Provider): NonNullable<Provider['passthroughRequest']> {
  if (provider.passthroughRequest === undefined) throw new Error('the anthropic provider passes through');
  return (operation, body, target) => {
    const request = provider.passthroughRequest?.(operation, body, target);
    if (request === undefined) throw new Error('unreachable');
    return request;
  };
}

describe('Anthropic provider passthrough', () => {
  it('posts the client body unchanged to /v1/messages with the gateway key, never the client one', () => {
    const upstream = passthrough(anthropicProviderType.create(settings))(
      'chat',
      body,
      target({
        'x-api-key': 'pk-client',
        authorization: 'Bearer pk-client',
        'content-type': 'application/json',
      }),
    );
    expect(upstream).toEqual({
      method: 'POST',
      url: 'http://anthropic.local/v1/messages',
      headers: {
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
        'x-api-key': 'sk-ant-gateway',
      },
      body: JSON.stringify(body),
    });
  });

  it("prefers the client's anthropic-version and adds its anthropic-beta flags to the configured ones", () => {
    const provider = anthropicProviderType.create({
      ...settings,
      apiVersion: '2023-01-01',
      headers: { 'anthropic-beta': 'prompt-caching-2024-07-31' },
    });
    const upstream = passthrough(provider)(
      'chat',
      body,
      target({
        'anthropic-version': '2023-06-01',
        'anthropic-beta': [
          'interleaved-thinking-2025-05-14, prompt-caching-2024-07-31',
          'context-1m-2025-08-07',
        ],
      }),
    );
    expect(upstream.headers).toMatchObject({
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'prompt-caching-2024-07-31,interleaved-thinking-2025-05-14,context-1m-2025-08-07',
    });
    const plain = passthrough(provider)('chat', body, target({}));
    expect(plain.headers).toMatchObject({
      'anthropic-version': '2023-01-01',
      'anthropic-beta': 'prompt-caching-2024-07-31',
    });
  });

  it('counts tokens at /v1/messages/count_tokens and has no embeddings', () => {
    const call = passthrough(anthropicProviderType.create(settings));
    expect(call('count-tokens', body, target({})).url).toBe(
      'http://anthropic.local/v1/messages/count_tokens',
    );
    expect(() => call('embeddings', { model: 'x', input: 'y' }, target({}))).toThrow(
      expect.objectContaining({ code: 'invalid_request', status: 400 }),
    );
  });
});
