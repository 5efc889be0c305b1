import { describe, expect, it } from 'vitest';
import { geminiProviderType } from '../../../../src/providers/gemini/gemini-provider.js';

const provider = geminiProviderType.create({
  id: 'g',
  type: 'gemini',
  baseUrl: 'https://generativelanguage.googleapis.com',
  cloud: {},
  apiKey: 'k',
  headers: {},
});
const contents = [{ role: 'user', parts: [{ text: 'Hi' }] }];

describe('gemini passthrough', () => {
  it('sends a chat body unchanged to the method the stream flag picks, minus a body model', () => {
    const plain = provider.passthroughRequest?.(
      'chat',
      { contents, model: 'route' },
      { model: 'gemini-2.5-flash', stream: false, clientHeaders: {} },
    );
    expect(plain?.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(JSON.parse(plain?.body ?? '')).toEqual({ contents });
    expect(plain?.headers['x-goog-api-key']).toBe('k');
    const streamed = provider.passthroughRequest?.(
      'chat',
      { contents },
      { model: 'gemini-2.5-flash', stream: true, clientHeaders: {} },
    );
    expect(streamed?.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
  });

  it('points every batch embed request at the upstream model', () => {
    const body = { requests: [{ model: 'models/route', content: { parts: [{ text: 'a' }] } }] };
    const upstream = provider.passthroughRequest?.('embeddings', body, {
      model: 'gemini-embedding-001',
      stream: false,
      clientHeaders: {},
    });
    expect(upstream?.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents',
    );
    expect(JSON.parse(upstream?.body ?? '')).toEqual({
      requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] } }],
    });
  });

  it('routes single embeddings and token counts to their methods', () => {
    const target = { model: 'm', stream: false, clientHeaders: {} };
    expect(provider.passthroughRequest?.('embeddings', { content: { parts: [] } }, target).url).toMatch(
      /\/v1beta\/models\/m:embedContent$/,
    );
    expect(provider.passthroughRequest?.('count-tokens', { contents }, target).url).toMatch(
      /\/v1beta\/models\/m:countTokens$/,
    );
  });
});
