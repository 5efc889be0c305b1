import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiCompletion } from '../support/fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

/**
 * `/metrics` label values come from what an admin declared, never from what a client sends:
 * model names that are no route, 404 paths and Gemini model paths each add no series.
 */
describe('metric labels stay bounded whatever clients send', () => {
  const upstream = new FakeUpstream(() => ({ kind: 'json', body: openAiCompletion('m', 'ok') }));
  let gateway: TestGateway;
  let origin: string;
  let page: string;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(
      `
providers:
  - id: up
    type: openai-compatible
    base_url: ${base}/v1
models:
  - name: chat
    targets: [{ provider: up, model: m }]
`,
      {},
      { controlPlane: true },
    );
    origin = gateway.url.replace(/\/v1$/, '');
    const post = (path: string, body: unknown): Promise<Response> =>
      fetch(`${origin}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const messages = [{ role: 'user', content: 'hi' }];
    const contents = [{ role: 'user', parts: [{ text: 'hi' }] }];
    for (let index = 0; index < 25; index++) {
      await post('/v1/chat/completions', { model: `made-up-${index}`, messages });
      await post(`/v1/nothing-here-${index}`, {});
      await post(`/v1beta/models/made-up-${index}:generateContent`, { contents });
    }
    await post('/v1/chat/completions', { model: 'chat', messages });
    await post('/v1beta/models/chat:generateContent', { contents });
    const login = await fetch(`${gateway.adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    page = await (await fetch(`${gateway.adminUrl}/metrics`, { headers: { cookie } })).text();
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('labels declared routes by name and every other model name as (other)', () => {
    expect(page).toMatch(/^portico_requests_total\{endpoint="\/v1\/chat\/completions",route="chat",.*\} 1$/m);
    expect(page).toMatch(
      /^portico_requests_total\{endpoint="\/v1\/chat\/completions",route="\(other\)",.*\} 25$/m,
    );
    expect(page).not.toContain('made-up-');
  });

  it('names endpoints by their pattern, and unmatched paths as one', () => {
    expect(page).toMatch(/^portico_requests_total\{endpoint="\(unmatched\)",route="",.*\} 25$/m);
    expect(page).toContain('endpoint="/v1beta/models/{model}:generateContent",route="chat"');
    expect(page).not.toContain('nothing-here');
  });
});
