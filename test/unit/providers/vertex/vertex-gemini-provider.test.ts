import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChatRequest, JsonObject } from '../../../../src/core/chat.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { toGeminiRequest } from '../../../../src/providers/gemini-shape/to-gemini-request.js';
import type { ProviderSettings } from '../../../../src/providers/provider.js';
import { vertexGeminiProviderType } from '../../../../src/providers/vertex/vertex-gemini-provider.js';
import { GoogleAccessToken } from '../../../../src/upstream/google-access-token.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
});
const settings: ProviderSettings = {
  id: 'vertex',
  type: 'vertex',
  baseUrl: 'https://us-central1-aiplatform.googleapis.com',
  apiKey: 'ignored-key',
  headers: { 'x-goog-user-project': 'billing-proj' },
  cloud: {
    project: 'my-proj',
    serviceAccountJson: JSON.stringify({
      client_email: 'gw@my-proj.iam.gserviceaccount.com',
      private_key: pem,
      token_uri: 'https://oauth2.googleapis.com/token',
    }),
  },
};
const modelPath = '/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.5-flash';
const request: ChatRequest = {
  model: 'gemini-2.5-flash',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  includeUsage: false,
  temperature: 0.3,
};
const target = { model: 'gemini-2.5-flash', stream: true, clientHeaders: {} };

describe('vertexGeminiProviderType', () => {
  it('derives its base URL from the location and needs no api_key', () => {
    expect(vertexGeminiProviderType).toMatchObject({ name: 'vertex', requiresApiKey: false });
    expect(vertexGeminiProviderType.defaultBaseUrl).toBeUndefined();
    expect(vertexGeminiProviderType.baseUrlFor?.({ location: 'asia-northeast1' })).toBe(
      'https://asia-northeast1-aiplatform.googleapis.com',
    );
    expect(vertexGeminiProviderType.checkCloud?.({})).toHaveLength(2);
  });

  it('authenticates with a service-account token source, never the api key', () => {
    const provider = vertexGeminiProviderType.create(settings);
    expect(provider.dialect).toBe('gemini');
    expect(provider.credentials).toBeInstanceOf(GoogleAccessToken);
    expect(provider.chatRequest(request).headers).toEqual({
      'content-type': 'application/json',
      'x-goog-user-project': 'billing-proj',
    });
  });

  it('refuses settings without a key', () => {
    expect(() => vertexGeminiProviderType.create({ ...settings, cloud: { project: 'p' } })).toThrow(
      'service_account_json is required',
    );
  });

  it("sends the Gemini translator's body to generateContent and streamGenerateContent?alt=sse", () => {
    const provider = vertexGeminiProviderType.create(settings);
    const call = provider.chatRequest(request);
    expect(call.url).toBe(`https://us-central1-aiplatform.googleapis.com${modelPath}:generateContent`);
    expect(JSON.parse(call.body ?? '')).toEqual(toGeminiRequest(request).body);
    expect(provider.chatRequest({ ...request, stream: true }).url).toBe(
      `https://us-central1-aiplatform.googleapis.com${modelPath}:streamGenerateContent?alt=sse`,
    );
  });

  it("reads Gemini answers and streams with the Gemini translator's functions", () => {
    const provider = vertexGeminiProviderType.create(settings);
    const body = { candidates: [{ content: { parts: [{ text: 'Hey' }] }, finishReason: 'STOP' }] };
    expect(provider.chatResponse(body, request).choices[0]?.text).toBe('Hey');
    const events = provider
      .chatStreamDecoder(request)
      .decode({ event: undefined, data: JSON.stringify(body) });
    expect(events.map((event) => event.type)).toEqual(['start', 'text-delta', 'finish']);
    expect(
      provider.errorDetail(429, '{"error":{"message":"slow down","status":"RESOURCE_EXHAUSTED"}}'),
    ).toEqual({
      message: 'slow down',
      type: 'RESOURCE_EXHAUSTED',
    });
  });

  it('passes Gemini bodies through for chat and token counting, without the model field', () => {
    const provider = vertexGeminiProviderType.create(settings);
    const body: JsonObject = { model: 'x', contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };
    const chat = provider.passthroughRequest?.('chat', body, target);
    expect(chat?.url).toMatch(/:streamGenerateContent\?alt=sse$/);
    expect(JSON.parse(chat?.body ?? '')).toEqual({ contents: body['contents'] });
    expect(provider.passthroughRequest?.('count-tokens', body, target).url).toMatch(/:countTokens$/);
    const nested = provider.passthroughRequest?.(
      'count-tokens',
      { generateContentRequest: { model: 'models/x', contents: body['contents'] ?? [], safetySettings: [] } },
      target,
    );
    expect(JSON.parse(nested?.body ?? '')).toEqual({ contents: body['contents'] });
    expect(() => provider.passthroughRequest?.('embeddings', body, target)).toThrow(GatewayError);
  });

  it('embeds through :predict and reads predictions with their token counts', () => {
    const provider = vertexGeminiProviderType.create(settings);
    const call = provider.embeddingsRequest?.({
      model: 'text-embedding-005',
      input: ['a', 'b'],
      dimensions: 256,
    });
    expect(call?.url).toBe(
      'https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/publishers/google/models/text-embedding-005:predict',
    );
    expect(JSON.parse(call?.body ?? '')).toEqual({
      instances: [{ content: 'a' }, { content: 'b' }],
      parameters: { outputDimensionality: 256 },
    });
    const response = provider.embeddingsResponse?.({
      predictions: [
        { embeddings: { values: [0.1, 0.2], statistics: { token_count: 1, truncated: false } } },
        { embeddings: { values: [0.3, 0.4], statistics: { token_count: 2, truncated: false } } },
      ],
    });
    expect(response).toEqual({
      model: '',
      embeddings: [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
      usage: { inputTokens: 3, totalTokens: 3 },
    });
    expect(() => provider.embeddingsResponse?.({ embeddings: [] })).toThrow(GatewayError);
  });

  it('warns that user is dropped from embeddings', () => {
    const call = vertexGeminiProviderType
      .create(settings)
      .embeddingsRequest?.({ model: 'text-embedding-005', input: ['a'], user: 'u-1' });
    expect(call?.warnings).toEqual(['user is not supported by vertex; ignored']);
  });
});
