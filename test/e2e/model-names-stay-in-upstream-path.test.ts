import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTokenEndpoint } from '../conformance/matrix/fake-token-endpoint.js';
import { FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

/**
 * A client that names `<provider>/<model>` directly chooses the model part; it must never choose
 * which upstream path receives the platform's credential. Each provider that puts the model in
 * its URL path gets a base path of its own on one fake upstream, so every recorded path shows
 * whether a name escaped its prefix.
 */
describe('model names stay inside the upstream model path', () => {
  const upstream = new FakeUpstream(() => ({
    kind: 'json',
    status: 400,
    body: { error: { code: 400, message: 'fake refuses everything', status: 'INVALID_ARGUMENT' } },
  }));
  const tokens = new FakeTokenEndpoint();
  let gateway: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    await tokens.start();
    const vertex = tokens.withTestKey({
      id: 'vtx',
      type: 'vertex',
      base_url: `${base}/vtx`,
      project: 'p',
      location: 'us-central1',
      service_account_file: 'vertex/service-account.test-key.json',
    });
    gateway = await startGateway(
      JSON.stringify({
        server: { direct_model_access: true },
        providers: [
          { id: 'gem', type: 'gemini', api_key: 'gemini-platform-key', base_url: `${base}/gem` },
          { ...vertex },
          { ...vertex, id: 'vtxa', type: 'vertex-anthropic', base_url: `${base}/vtxa` },
          {
            id: 'bed',
            type: 'bedrock',
            region: 'us-east-1',
            aws_access_key_id: 'AKIDEXAMPLE',
            aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
            base_url: `${base}/bed`,
          },
          { id: 'az', type: 'azure', api_key: 'azure-platform-key', base_url: `${base}/az` },
        ],
      }),
    );
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
    await tokens.stop();
  });

  const chat = (model: string) =>
    fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });

  const hostile = [
    'gem/../../admin/secret?x=',
    'gem/models/../../admin',
    'gem/tunedModels/x/../../../admin',
    'gem/files/abc',
    'gem/gemini-pro:streamGenerateContent?alt=',
    'gem/%2e%2e/%2e%2e/admin',
    'gem/..',
    'vtx/../../../../../admin',
    'vtx/gemini-2.0-flash/../../../../x',
    'vtx/projects/someone-else/locations/us-central1/endpoints/1',
    'vtx/projects/p/locations/us-central1/../../../admin',
    'vtxa/../../admin?',
    'bed/../../admin',
    'bed/..',
    'bed/meta.llama3?x=1',
    'bed/meta.llama3#x',
    'az/../../admin',
    'az/..',
    'az/dep?api-version=1',
    'az/dep/../../x',
  ];

  it('refuses names that would leave the model path, before any upstream call', async () => {
    for (const model of hostile) {
      const response = await chat(model);
      const body = (await response.json()) as { error?: { param?: string; message?: string } };
      expect({ model, status: response.status }).toEqual({ model, status: 400 });
      expect(body.error?.param).toBe('model');
    }
    expect(upstream.requests.map((request) => request.url)).toEqual([]);
  });

  it('refuses them in the Anthropic dialect too, in its error shape', async () => {
    const response = await fetch(`${gateway.url}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gem/../../admin/secret?x=',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(upstream.requests).toHaveLength(0);
  });

  it('sends valid names percent-encoded under the expected prefix', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-v1:0';
    const cases: [string, string][] = [
      ['gem/gemini-2.0-flash', '/gem/v1beta/models/gemini-2.0-flash:generateContent'],
      ['gem/tunedModels/my-tuned-1', '/gem/v1beta/tunedModels/my-tuned-1:generateContent'],
      [
        'vtx/projects/p/locations/us-central1/endpoints/123',
        '/vtx/v1/projects/p/locations/us-central1/endpoints/123:generateContent',
      ],
      [
        'vtxa/claude-sonnet-4-5@20250929',
        '/vtxa/v1/projects/p/locations/us-central1/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict',
      ],
      [`bed/${arn}`, `/bed/model/${encodeURIComponent(arn)}/converse`],
      [
        'az/my-deployment.v2',
        '/az/openai/deployments/my-deployment.v2/chat/completions?api-version=2024-10-21',
      ],
    ];
    for (const [model, path] of cases) {
      upstream.requests.length = 0;
      await (await chat(model)).text();
      expect(upstream.requests.map((request) => request.url)).toEqual([path]);
    }
  });
});
