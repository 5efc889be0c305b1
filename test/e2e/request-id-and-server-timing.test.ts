import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiCompletion } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

describe('response headers', () => {
  // Not ASCII, so a length counted in characters instead of bytes would show.
  const upstream = new FakeUpstream(() => ({ kind: 'json', body: openAiCompletion('m', 'ok ✓ déjà') }));
  let gateway: TestGateway;
  const post = (headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: 'm1', messages: [{ role: 'user', content: 'x' }] }),
    });

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(`
providers:
  - id: up
    type: openai-compatible
    base_url: ${base}/v1
models:
  - name: m1
    targets: [{ provider: up, model: m }]
`);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('generates a request id, and the access log line carries it', async () => {
    const before = Date.now();
    const response = await post();
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^req_[0-9a-f]{24}$/);
    // The first 12 hex chars are the arrival time in ms, so ids sort by time in the call log's index.
    const at = Number.parseInt(id?.slice(4, 16) ?? '', 16);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
    await response.text();
    expect(gateway.logs().some((line) => line['requestId'] === id)).toBe(true);
  });

  it("issues its own request id always, and echoes the client's as x-client-request-id", async () => {
    // OpenAI's name for a client's own id.
    const named = await post({ 'x-client-request-id': 'trace-abc.123' });
    expect(named.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{24}$/);
    expect(named.headers.get('x-client-request-id')).toBe('trace-abc.123');
    // An id sent as x-request-id, as older clients do, is kept as the client's, never as Portico's.
    const legacy = await post({ 'x-request-id': 'trace-abc.123' });
    const id = legacy.headers.get('x-request-id');
    expect(id).toMatch(/^req_/);
    expect(id).not.toBe(named.headers.get('x-request-id'));
    expect(legacy.headers.get('x-client-request-id')).toBe('trace-abc.123');
    await legacy.text();
    const line = gateway.logs().find((entry) => entry['requestId'] === id);
    expect(line?.['clientRequestId']).toBe('trace-abc.123');
    // Too long or not printable: dropped, not echoed.
    const hostile = await post({ 'x-client-request-id': 'a b;c=' + 'x'.repeat(300) });
    expect(hostile.headers.get('x-request-id')).toMatch(/^req_/);
    expect(hostile.headers.get('x-client-request-id')).toBeNull();
    const tooLong = await post({ 'x-client-request-id': 'x'.repeat(129) });
    expect(tooLong.headers.get('x-client-request-id')).toBeNull();
  });

  it('splits Server-Timing into gateway and upstream time, also on errors', async () => {
    const timing = (await post()).headers.get('server-timing') ?? '';
    expect(timing).toMatch(/^gateway;dur=\d+\.\d{3}, upstream;dur=\d+\.\d{3}$/);
    const error = await fetch(`${gateway.url}/chat/completions`, { method: 'POST', body: '{' });
    expect(error.headers.get('server-timing')).toMatch(/^gateway;dur=/);
    expect(error.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('sends whole answers with their length in bytes, not chunked: success, error and probe', async () => {
    const origin = gateway.url.replace(/\/v1$/, '');
    const responses = [
      await post(),
      await fetch(`${gateway.url}/chat/completions`, { method: 'POST', body: '{' }),
      await fetch(`${origin}/healthz`),
    ];
    for (const response of responses) {
      const bytes = Buffer.byteLength(await response.text());
      expect(response.headers.get('content-length')).toBe(String(bytes));
      expect(response.headers.get('transfer-encoding')).toBeNull();
    }
  });

  it('names the provider and upstream model that served the call', async () => {
    const response = await post();
    expect(response.headers.get('x-portico-route')).toBe('m1');
    expect(response.headers.get('x-portico-provider')).toBe('up');
    expect(response.headers.get('x-portico-model')).toBe('m');
  });

  it('answers liveness and readiness probes without a key', async () => {
    const origin = gateway.url.replace(/\/v1$/, '');
    expect(await (await fetch(`${origin}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${origin}/readyz`)).json()).toMatchObject({
      status: 'ready',
      providers: 1,
      models: 1,
    });
  });
});
