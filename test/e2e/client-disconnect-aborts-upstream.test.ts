import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeUpstream, openAiCompletion, openAiTextStream } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

type Attempt = { provider: string; status?: number; error?: string; skipped?: string };
const requestLines = (gateway: TestGateway): Record<string, unknown>[] =>
  gateway.logs().filter((entry) => entry['msg'] === 'request');
const attemptsOf = (line: Record<string, unknown> | undefined): Attempt[] =>
  (line?.['attempts'] ?? []) as Attempt[];

const waitFor = async (check: () => boolean, timeoutMs = 3_000): Promise<void> => {
  await vi.waitFor(() => expect(check()).toBe(true), { timeout: timeoutMs, interval: 20 });
};

describe('a client that goes away', () => {
  const upstream = new FakeUpstream((request) => {
    const model = (request.body as { model: string }).model;
    // 200 words, one every 50 ms: ten seconds of paid tokens nobody would read.
    return {
      kind: 'sse',
      events: openAiTextStream(
        model,
        Array.from({ length: 200 }, (_, i) => `w${i} `),
      ),
      delayMs: 50,
    };
  });
  let gateway: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(`
providers:
  - id: up
    type: openai-compatible
    base_url: ${base}/v1
models:
  - name: slow
    targets: [{ provider: up, model: m }]
    # One counted failure would open the circuit, so a client disconnect must not count.
    circuit_breaker: { failures: 1 }
`);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('aborts the upstream call mid-stream and stops relaying and logs the request', async () => {
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'x' }] }),
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await waitFor(() => upstream.aborted === 1);
    await waitFor(() => gateway.logs().some((entry) => entry['msg'] === 'request'));
    const line = gateway.logs().find((entry) => entry['msg'] === 'request');
    expect(line?.['stream']).toBe(true);
    expect((line?.['durationMs'] as number) < 5_000).toBe(true);
    // The upstream answered 200 and was streaming; the client, not the upstream, cut it short.
    expect(attemptsOf(line)).toEqual([
      expect.objectContaining({ provider: 'up', status: 200, error: 'client_closed' }),
    ]);
  });

  it('aborts an upstream call that has not answered yet', async () => {
    upstream.setHandler(() => ({ kind: 'hang' }));
    const before = upstream.aborted;
    const controller = new AbortController();
    const pending = fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'slow', messages: [{ role: 'user', content: 'x' }] }),
      signal: controller.signal,
    }).catch(() => undefined);
    await waitFor(() => upstream.requests.length === 2);
    controller.abort();
    await pending;
    await waitFor(() => upstream.aborted === before + 1);
    await waitFor(() => requestLines(gateway).length === 2);
    const line = requestLines(gateway).at(-1);
    expect(line?.['status']).toBe(499);
    expect(line?.['clientClosed']).toBe(true);
    const attempts = attemptsOf(line);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.error).toBe('client_closed');
    expect(attempts[0]?.status).toBeUndefined();
  });

  it('does not count a client disconnect against the circuit breaker', async () => {
    // Two disconnects so far with `failures: 1`: had either counted, this call would be skipped (503).
    upstream.setHandler(() => ({ kind: 'json', body: openAiCompletion('m', 'still up') }));
    const before = upstream.requests.length;
    const response = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'slow', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(200);
    expect(upstream.requests.length).toBe(before + 1);
    await waitFor(() => requestLines(gateway).length === 3);
    const attempts = attemptsOf(requestLines(gateway).at(-1));
    expect(attempts).toEqual([expect.objectContaining({ provider: 'up', status: 200 })]);
    expect(attempts[0]?.skipped).toBeUndefined();
    expect(attempts[0]?.error).toBeUndefined();
  });
});
