import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findCall } from '../../src/telemetry/call-log/query-calls.js';
import { FakeUpstream, openAiCompletion, type FakeReply } from '../support/fake-upstream.js';
import { openRawRequest } from '../support/raw-http-request.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const key = 'sk-failures-test-0123456789';

/** What the fake upstream answers, by the model name the gateway sends it. */
const replies: Record<string, () => FakeReply> = {
  // Headers and half an answer, then the connection is reset.
  reset: () => ({
    kind: 'sse',
    status: 200,
    headers: { 'content-type': 'application/json' },
    events: ['{"id":'],
    thenReset: true,
  }),
  // Headers and half an answer, then silence past the idle timeout.
  stall: () => ({
    kind: 'bytes',
    headers: { 'content-type': 'application/json' },
    chunks: [Buffer.from('{"id":'), Buffer.from('"x"}')],
    delayMs: 2_000,
  }),
  'gzip-error': () => ({
    kind: 'bytes',
    status: 400,
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    chunks: [
      gzipSync(
        JSON.stringify({
          error: { message: 'Unsupported value: temperature 9 is too hot.', type: 'invalid_request_error' },
        }),
      ),
    ],
  }),
  'br-answer': () => ({
    kind: 'bytes',
    headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
    chunks: [brotliCompressSync(JSON.stringify(openAiCompletion('m', 'decoded ✓')))],
  }),
};

describe('failures after the headers, and clients that leave mid-upload, get the right code', () => {
  const upstream = new FakeUpstream((request) => {
    const model = (request.body as { model?: string } | undefined)?.model ?? '';
    return (replies[model] ?? (() => ({ kind: 'json', body: openAiCompletion('m', 'ok') })))();
  });
  let gateway: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(`
call_log: { flush_interval_ms: 50 }
providers:
  - { id: up, type: openai-compatible, base_url: ${base}/v1, timeouts: { first_byte_ms: 2000, idle_ms: 300 } }
models:
${Object.keys(replies)
  .map(
    (name) => `  - { name: ${name}, targets: [{ provider: up, model: ${name} }], retries: { attempts: 0 } }`,
  )
  .join('\n')}
keys:
  - { name: dev, key: ${key} }
`);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const chat = (model: string): Promise<Response> =>
    fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
  const errorOf = async (response: Response): Promise<{ code: string; message: string }> =>
    ((await response.json()) as { error: { code: string; message: string } }).error;

  it('an upstream that resets while its whole answer is read: 502 upstream_error, not 500', async () => {
    const response = await chat('reset');
    expect(response.status).toBe(502);
    expect((await errorOf(response)).code).toBe('upstream_error');
    expect(gateway.logs().some((line) => line['msg'] === 'unexpected error')).toBe(false);
  });

  it('an upstream that stalls while its whole answer is read: 504 upstream_timeout', async () => {
    const response = await chat('stall');
    expect(response.status).toBe(504);
    expect((await errorOf(response)).code).toBe('upstream_timeout');
  });

  it("a gzip-encoded upstream error is quoted as text: the provider's words reach the client", async () => {
    const response = await chat('gzip-error');
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('upstream_invalid_request');
    expect(error.message).toContain('temperature 9 is too hot');
  });

  it('a brotli-encoded answer is decoded and translated', async () => {
    const response = await chat('br-answer');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe('decoded ✓');
  });

  it('a client that leaves mid-upload is recorded as 499 client_closed, without an error log', async () => {
    const raw = await openRawRequest({
      port: gateway.port,
      path: '/v1/chat/completions',
      contentLength: 1024 * 1024,
      headers: { authorization: `Bearer ${key}` },
    });
    await raw.write('{"model":"m1","messages":[');
    raw.socket.destroy();
    const line = await waitFor(() =>
      gateway.logs().find((entry) => entry['msg'] === 'request' && entry['status'] === 499),
    );
    expect(line['errorCode']).toBe('client_closed');
    expect(gateway.logs().filter((entry) => entry['level'] === 'error' || entry['level'] === 50)).toEqual([]);
    const call = await waitFor(() => findCall(gateway.store, String(line['requestId'])));
    expect(call).toMatchObject({ status: 499, errorCode: 'client_closed' });
  });
});

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await probe();
      expect(value).toBeDefined();
      return value as T;
    },
    { timeout: 15_000, interval: 20 },
  );
}
