import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiCompletion, openAiTextStream } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const allowed = 'https://app.example.com';

const providerYaml = (base: string): string => `
providers:
  - { id: gpt, type: openai, api_key: sk-test, base_url: "${base}/v1" }
models:
  - { name: m, targets: [{ provider: gpt, model: gpt-4o }] }
`;

const preflight = (origin: string, url: string): Promise<Response> =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

const chat = (origin: string, url: string, body: Record<string, unknown>): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...body }),
  });

/** Browser clients: preflights get 204, answers (errors and streams too) carry the allowed origin. */
describe('CORS on the data plane', () => {
  const upstream = new FakeUpstream((request) =>
    (request.body as { stream?: boolean }).stream === true
      ? { kind: 'sse', events: openAiTextStream('gpt-4o', ['a', 'b']) }
      : { kind: 'json', body: openAiCompletion('gpt-4o', 'hello') },
  );
  let withCors: TestGateway;
  let withoutCors: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    withCors = await startGateway(`
server:
  cors: { origins: ["${allowed}"], credentials: true, max_age_s: 120 }
${providerYaml(base)}`);
    withoutCors = await startGateway(providerYaml(base));
  });
  afterAll(async () => {
    await withCors.close();
    await withoutCors.close();
    await upstream.stop();
  });

  it('answers a preflight from an allowed origin with 204 and the CORS headers', async () => {
    const response = await preflight(allowed, `${withCors.url}/chat/completions`);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-max-age')).toBe('120');
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('answers a preflight from another origin without allowing it', async () => {
    const response = await preflight('https://evil.example', `${withCors.url}/chat/completions`);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks answers, streams and errors for an allowed origin, with Vary: Origin', async () => {
    const url = `${withCors.url}/chat/completions`;
    const whole = await chat(allowed, url, {});
    expect(whole.status).toBe(200);
    expect(whole.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(whole.headers.get('vary')).toBe('Origin');
    await whole.text();
    const stream = await chat(allowed, url, { stream: true });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('access-control-allow-origin')).toBe(allowed);
    await stream.text();
    const refused = await chat(allowed, url, { max_tokens: -1 });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBe(allowed);
    await refused.text();
    const other = await chat('https://evil.example', url, {});
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    await other.text();
  });

  it('sends no CORS headers by default, and a preflight stays 405', async () => {
    const response = await preflight(allowed, `${withoutCors.url}/chat/completions`);
    expect(response.status).toBe(405);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const answer = await chat(allowed, `${withoutCors.url}/chat/completions`, {});
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    await answer.text();
  });

  it('keeps a plain OPTIONS (no preflight) a 405', async () => {
    const response = await fetch(`${withCors.url}/chat/completions`, { method: 'OPTIONS' });
    expect(response.status).toBe(405);
  });
});

/** A route's own `cors.origins` replace the server's for its answers; preflights admit them. */
describe('CORS per route', () => {
  const upstream = new FakeUpstream(() => ({ kind: 'json', body: openAiCompletion('gpt-4o', 'hello') }));
  const routeOrigin = 'https://route.example';
  let both: TestGateway;
  let routeOnly: TestGateway;
  const routes = (base: string): string => `
providers:
  - { id: gpt, type: openai, api_key: sk-test, base_url: "${base}/v1" }
models:
  - { name: m, targets: [{ provider: gpt, model: gpt-4o }] }
  - name: own
    targets: [{ provider: gpt, model: gpt-4o }]
    cors: { origins: ["${routeOrigin}"] }
`;
  const call = (gateway: TestGateway, origin: string, model: string): Promise<Response> =>
    fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
  const allowOrigin = async (response: Promise<Response>): Promise<string | null> => {
    const answer = await response;
    await answer.text();
    return answer.headers.get('access-control-allow-origin');
  };

  beforeAll(async () => {
    const base = await upstream.start();
    both = await startGateway(`
server:
  cors: { origins: ["${allowed}"] }
${routes(base)}`);
    routeOnly = await startGateway(routes(base));
  });
  afterAll(async () => {
    await both.close();
    await routeOnly.close();
    await upstream.stop();
  });

  it("answers a preflight for a route's origin, and still for the server's", async () => {
    for (const gateway of [both, routeOnly]) {
      const response = await preflight(routeOrigin, `${gateway.url}/chat/completions`);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(routeOrigin);
    }
    expect(await allowOrigin(preflight(allowed, `${both.url}/chat/completions`))).toBe(allowed);
    expect(await allowOrigin(preflight(allowed, `${routeOnly.url}/chat/completions`))).toBeNull();
  });

  it("gives the route's answers its own origins only, and other routes the server's", async () => {
    expect(await allowOrigin(call(both, routeOrigin, 'own'))).toBe(routeOrigin);
    expect(await allowOrigin(call(both, allowed, 'own'))).toBeNull();
    expect(await allowOrigin(call(both, allowed, 'm'))).toBe(allowed);
    expect(await allowOrigin(call(both, routeOrigin, 'm'))).toBeNull();
    expect(await allowOrigin(call(routeOnly, routeOrigin, 'own'))).toBe(routeOrigin);
    expect(await allowOrigin(call(routeOnly, routeOrigin, 'm'))).toBeNull();
  });
});
