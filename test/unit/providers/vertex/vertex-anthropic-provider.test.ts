import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src/core/chat.js';
import { toAnthropicRequest } from '../../../../src/providers/anthropic-shape/to-anthropic-request.js';
import type { ProviderSettings } from '../../../../src/providers/provider.js';
import { vertexAnthropicErrorDetail } from '../../../../src/providers/vertex/vertex-anthropic-error-detail.js';
import { vertexAnthropicProviderType } from '../../../../src/providers/vertex/vertex-anthropic-provider.js';
import { GoogleAccessToken } from '../../../../src/upstream/google-access-token.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
});
const settings: ProviderSettings = {
  id: 'claude-vertex',
  type: 'vertex-anthropic',
  baseUrl: 'https://aiplatform.googleapis.com',
  headers: {},
  cloud: {
    project: 'my-proj',
    location: 'global',
    serviceAccountJson: JSON.stringify({
      client_email: 'gw@my-proj.iam.gserviceaccount.com',
      private_key: pem,
      token_uri: 'https://oauth2.googleapis.com/token',
    }),
  },
};
const modelUrl =
  'https://aiplatform.googleapis.com/v1/projects/my-proj/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929';
const request: ChatRequest = {
  model: 'claude-sonnet-4-5@20250929',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  includeUsage: false,
  seed: 3,
};

describe('vertexAnthropicProviderType', () => {
  it('derives its base URL from the location and authenticates with a token source', () => {
    expect(vertexAnthropicProviderType).toMatchObject({ name: 'vertex-anthropic', requiresApiKey: false });
    expect(vertexAnthropicProviderType.baseUrlFor?.({})).toBe(
      'https://us-central1-aiplatform.googleapis.com',
    );
    const provider = vertexAnthropicProviderType.create(settings);
    expect(provider.dialect).toBe('anthropic-messages');
    expect(provider.credentials).toBeInstanceOf(GoogleAccessToken);
  });

  it("posts the Anthropic body to :rawPredict without model, with Vertex's anthropic_version", () => {
    const call = vertexAnthropicProviderType.create(settings).chatRequest(request);
    expect(call.url).toBe(`${modelUrl}:rawPredict`);
    expect(call.headers).toEqual({ 'content-type': 'application/json' });
    const { model: _ignored, ...expected } = toAnthropicRequest(request).body;
    expect(_ignored).toBe('claude-sonnet-4-5@20250929');
    expect(JSON.parse(call.body ?? '')).toEqual({ anthropic_version: 'vertex-2023-10-16', ...expected });
    expect(call.warnings).toEqual(['seed is not supported by anthropic; ignored']);
  });

  it('streams through :streamRawPredict and honours a configured api_version', () => {
    const call = vertexAnthropicProviderType
      .create({ ...settings, apiVersion: 'vertex-2099-01-01' })
      .chatRequest({ ...request, stream: true });
    expect(call.url).toBe(`${modelUrl}:streamRawPredict`);
    expect(JSON.parse(call.body ?? '')).toMatchObject({
      anthropic_version: 'vertex-2099-01-01',
      stream: true,
    });
  });

  it('reads Anthropic answers and streams', () => {
    const provider = vertexAnthropicProviderType.create(settings);
    const answer = provider.chatResponse(
      { id: 'msg_1', content: [{ type: 'text', text: 'Hey' }], stop_reason: 'end_turn' },
      request,
    );
    expect(answer.choices[0]).toMatchObject({ text: 'Hey', finishReason: 'stop' });
    const decoder = provider.chatStreamDecoder(request);
    const events = decoder.decode({
      event: 'content_block_delta',
      data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hey"}}',
    });
    expect(events).toEqual([{ type: 'text-delta', choice: 0, text: 'Hey' }]);
  });
});

describe('vertexAnthropicErrorDetail', () => {
  it("reads Anthropic's error shape", () => {
    expect(
      vertexAnthropicErrorDetail(
        529,
        '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      ),
    ).toEqual({ message: 'Overloaded', type: 'overloaded_error' });
  });

  it("reads Google's error shape from Vertex itself, status as the type", () => {
    expect(
      vertexAnthropicErrorDetail(
        429,
        '{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}',
      ),
    ).toEqual({ message: 'Quota exceeded', type: 'RESOURCE_EXHAUSTED' });
  });

  it('falls back to the raw text', () => {
    expect(vertexAnthropicErrorDetail(502, '<html>Bad Gateway</html>')).toEqual({
      message: '<html>Bad Gateway</html>',
    });
  });
});
