import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiCompletion } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

/**
 * Inputs that made the tokenizer run for minutes on the event loop (BPE is quadratic in the
 * length of one pre-token): a run of one letter and a run of CJK characters, larger than the
 * model's context window in bytes, and the same through both count-tokens endpoints. Before the
 * fix each of these requests held every other request for 25 s to 6.5 min (so these tests ran
 * into their timeout); now the count is made in pieces off the event loop, within a time budget,
 * and the gateway answers other requests meanwhile.
 */
function cjkRun(length: number): string {
  let text = '';
  for (let index = 0; index < length; index++)
    text += String.fromCharCode(0x4e00 + ((index * 7919) % 20_000));
  return text;
}

const letterRun = 'ab'.repeat(400_000);
const cjk = cjkRun(300_000);

describe('huge single-token runs never freeze the gateway', () => {
  const upstream = new FakeUpstream(() => ({ kind: 'json', body: openAiCompletion('gpt-4o', 'ok') }));
  let gateway: TestGateway;
  let origin: string;

  beforeAll(async () => {
    const base = await upstream.start();
    // gpt-4o's catalogue context window (128,000) is what the body is checked against.
    gateway = await startGateway(`
providers:
  - id: oai
    type: openai
    api_key: sk-test
    base_url: ${base}/v1
models:
  - name: gpt-4o
    targets: [{ provider: oai, model: gpt-4o }]
`);
    origin = gateway.url.replace(/\/v1$/, '');
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const post = (path: string, body: unknown): Promise<Response> =>
    fetch(`${origin}${path}`, { method: 'POST', body: JSON.stringify(body) });

  /** Sends `heavy` and, while it runs, a health probe: the probe is answered first. */
  async function probeDuring(heavy: Promise<Response>): Promise<Response> {
    const order: string[] = [];
    const heavyDone = heavy.then((response) => {
      order.push('heavy');
      return response;
    });
    const probe = await fetch(`${origin}/healthz`);
    order.push('probe');
    expect(probe.status).toBe(200);
    const response = await heavyDone;
    expect(order[0]).toBe('probe');
    return response;
  }

  it('a run of 800,000 letters is counted in pieces off the event loop', async () => {
    const response = await probeDuring(
      post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: letterRun }] }),
    );
    // About 200,000 tokens: refused for the 128,000 window when counted within the time budget
    // (always on a quiet host); on a starved one the count gives up and the provider judges.
    if (response.status !== 200) {
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).toBe('context_length_exceeded');
    }
  });

  it('a run of 300,000 CJK characters runs out of counting time and goes on to the provider', async () => {
    const before = upstream.requests.length;
    const response = await probeDuring(
      post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: cjk }] }),
    );
    expect(response.status).toBe(200);
    expect(upstream.requests.length).toBe(before + 1);
  });

  it('Anthropic count_tokens answers an estimate for both runs', async () => {
    for (const text of [letterRun, cjk]) {
      const response = await probeDuring(
        post('/v1/messages/count_tokens', { model: 'gpt-4o', messages: [{ role: 'user', content: text }] }),
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { input_tokens: number };
      expect(body.input_tokens).toBeGreaterThan(90_000);
    }
  });

  it('Gemini countTokens answers an estimate for both runs', async () => {
    for (const text of [letterRun, cjk]) {
      const response = await probeDuring(
        post('/v1beta/models/gpt-4o:countTokens', { contents: [{ role: 'user', parts: [{ text }] }] }),
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { totalTokens: number };
      expect(body.totalTokens).toBeGreaterThan(90_000);
    }
  });
});
