import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiCompletion, openAiTextStream } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

/**
 * Model names with every class of character node refuses in a header value (or that would split
 * a header), sent on every endpoint that takes a model name. Before the fix the first of them
 * made `writeHead` throw twice and the process exit; now each gets a 4xx in its dialect and the
 * gateway keeps serving.
 */
const badNames: [string, string][] = [
  ['non-Latin-1', 'x\u0100y'],
  ['CJK', '模型'],
  ['CR/LF', 'gpt\r\nx-injected: 1'],
  ['NUL', 'gpt\u0000x'],
  ['DEL', 'gpt\u007fx'],
  ['space', 'gpt 4o'],
  ['10 KB long', 'g'.repeat(10_000)],
];

/** Each way a model name reaches the gateway: a body field or a Gemini path segment. */
interface Ingress {
  name: string;
  request(model: string): { path: string; body: Record<string, unknown> };
}

const user = [{ role: 'user', content: 'hi' }];
const geminiBody = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
const ingresses: Ingress[] = [
  { name: 'chat', request: (model) => ({ path: '/v1/chat/completions', body: { model, messages: user } }) },
  {
    name: 'chat stream',
    request: (model) => ({ path: '/v1/chat/completions', body: { model, messages: user, stream: true } }),
  },
  { name: 'responses', request: (model) => ({ path: '/v1/responses', body: { model, input: 'hi' } }) },
  {
    name: 'messages',
    request: (model) => ({ path: '/v1/messages', body: { model, max_tokens: 10, messages: user } }),
  },
  {
    name: 'count_tokens',
    request: (model) => ({ path: '/v1/messages/count_tokens', body: { model, messages: user } }),
  },
  { name: 'embeddings', request: (model) => ({ path: '/v1/embeddings', body: { model, input: 'hi' } }) },
  ...['generateContent', 'streamGenerateContent', 'countTokens'].map((action) => ({
    name: `gemini ${action}`,
    request: (model: string) => ({
      path: `/v1beta/models/${encodeURIComponent(model)}:${action}`,
      body: geminiBody,
    }),
  })),
];

describe('model names with characters a header cannot carry never crash the gateway', () => {
  const upstream = new FakeUpstream((request) => {
    const body = request.body as { stream?: boolean } | undefined;
    return body?.stream === true
      ? { kind: 'sse', events: openAiTextStream('m', ['ok']) }
      : { kind: 'json', body: openAiCompletion('m', 'ok') };
  });
  let gateway: TestGateway;
  let origin: string;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(`
server:
  direct_model_access: true
providers:
  - id: up
    type: openai-compatible
    base_url: ${base}/v1
models:
  - name: gpt-4o
    targets: [{ provider: up, model: m }]
  - name: odd-target
    targets: [{ provider: up, model: "m\u0100\u4e2d" }]
`);
    origin = gateway.url.replace(/\/v1$/, '');
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  for (const ingress of ingresses) {
    for (const [kind, bad] of badNames) {
      for (const model of [bad, `up/${bad}`]) {
        const label = model === bad ? kind : `${kind} after a provider prefix`;
        it(`${ingress.name}: ${label} → 4xx, upstream untouched`, async () => {
          const before = upstream.requests.length;
          const { path, body } = ingress.request(model);
          const response = await fetch(`${origin}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          const text = await response.text();
          expect(text.length).toBeLessThan(2_000); // a 10 KB name is not echoed back whole
          expect(() => JSON.parse(text) as unknown).not.toThrow();
          expect(upstream.requests.length).toBe(before);
        });
      }
    }
  }

  it('serves a target whose upstream model name is not header-safe, naming it percent-encoded', async () => {
    const response = await fetch(`${origin}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'odd-target', messages: user }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-portico-model')).toBe(encodeURIComponent('m\u0100\u4e2d'));
    const streamed = await fetch(`${origin}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'odd-target', messages: user, stream: true }),
    });
    expect(streamed.status).toBe(200);
    expect(await streamed.text()).toContain('[DONE]');
  });

  it('is still alive and serving after all of the above, and logged no bad name', async () => {
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    const response = await fetch(`${origin}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o', messages: user }),
    });
    expect(response.status).toBe(200);
    const lines = gateway.rawLogs().split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(2_000);
    expect(lines.some((line) => line.includes('"route":"gpt\\r\\n'))).toBe(false);
  });
});
