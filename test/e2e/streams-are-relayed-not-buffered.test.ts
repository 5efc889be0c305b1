import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiTextStream } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

describe('streaming relay', () => {
  let release: () => void = () => undefined;
  const upstream = new FakeUpstream((request) => ({
    kind: 'sse',
    events: openAiTextStream((request.body as { model: string }).model, ['first ', 'second']),
    gate: new Promise<void>((resolve) => (release = resolve)),
  }));
  let gateway: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(`
providers:
  - { id: up, type: openai-compatible, base_url: "${base}/v1" }
models:
  - { name: m, targets: [{ provider: up, model: m }] }
`);
  });
  afterAll(async () => {
    release();
    await gateway.close();
    await upstream.stop();
  });

  it('delivers each chunk while the upstream is still generating', async () => {
    const response = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let seen = '';
    // The upstream holds back its last event ([DONE]) until released, so everything read
    // before the release crossed the gateway while the upstream stream was still open.
    while (!seen.includes('"finish_reason":"stop"')) {
      const { value, done } = await reader.read();
      expect(done).toBe(false);
      seen += decoder.decode(value, { stream: true });
    }
    expect(seen).toContain('second');
    expect(seen).not.toContain('[DONE]');
    release();
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += decoder.decode(value, { stream: true });
    }
    expect(rest).toContain('data: [DONE]');
  });
});
