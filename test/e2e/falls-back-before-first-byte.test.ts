import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FakeUpstream,
  openAiCompletion,
  openAiTextStream,
  type FakeReply,
} from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

/**
 * Route `smart` has two targets: `primary` (whose behaviour each test sets) and `backup`
 * (always healthy). A failure before any byte reached the client must fall back.
 */
describe('fallback across a route’s targets', () => {
  const primary = new FakeUpstream(() => ({ kind: 'json', body: {} }));
  const backup = new FakeUpstream((request) => {
    const body = request.body as { model: string; stream?: boolean };
    return body.stream === true
      ? { kind: 'sse', events: openAiTextStream(body.model, ['from ', 'backup']) }
      : { kind: 'json', body: openAiCompletion(body.model, 'from backup') };
  });
  let gateway: TestGateway;
  let client: OpenAI;

  let primaryUrl = '';
  let backupUrl = '';
  beforeAll(async () => {
    [primaryUrl, backupUrl] = await Promise.all([primary.start(), backup.start()]);
  });
  afterAll(async () => {
    await Promise.all([primary.stop(), backup.stop()]);
  });
  // A fresh gateway per test: routes keep state (breakers, credential cooldowns) between requests.
  beforeEach(async () => {
    gateway = await startGateway(`
providers:
  - id: primary
    type: openai-compatible
    base_url: ${primaryUrl}/v1
    timeouts: { first_byte_ms: 300, idle_ms: 300 }
  - id: backup
    type: openai-compatible
    base_url: ${backupUrl}/v1
  - id: nowhere
    type: openai-compatible
    base_url: http://127.0.0.1:1/v1
models:
  - name: smart
    targets:
      - { provider: primary, model: p-model }
      - { provider: backup, model: b-model }
  - name: unreachable-first
    targets:
      - { provider: nowhere, model: x }
      - { provider: backup, model: b-model }
  - name: primary-only
    targets: [{ provider: primary, model: p-model }]
`);
    client = new OpenAI({ apiKey: 'unused', baseURL: gateway.url, maxRetries: 0 });
  });
  afterEach(async () => {
    await gateway.close();
  });

  /** The models asked of `upstream` since it had seen `since` requests, in order. */
  const modelsAskedOf = (upstream: FakeUpstream, since: number): string[] =>
    upstream.requests.slice(since).map((request) => (request.body as { model: string }).model);
  const lastRequestLine = (): Record<string, unknown> | undefined =>
    gateway
      .logs()
      .filter((entry) => entry['msg'] === 'request')
      .at(-1);

  const faults: [string, FakeReply][] = [
    ['500', { kind: 'json', status: 500, body: { error: { message: 'boom', type: 'server_error' } } }],
    ['503', { kind: 'json', status: 503, body: { error: { message: 'overloaded' } } }],
    [
      '429',
      {
        kind: 'json',
        status: 429,
        headers: { 'retry-after': '3' },
        body: { error: { message: 'slow down' } },
      },
    ],
    ['connection reset', { kind: 'reset' }],
    ['hang before headers', { kind: 'hang' }],
  ];

  for (const [name, fault] of faults) {
    it(`falls back on ${name}, streamed and not`, async () => {
      primary.setHandler(() => fault);
      const [primarySeen, backupSeen] = [primary.requests.length, backup.requests.length];
      const raw = await client.chat.completions
        .create({ model: 'smart', messages: [{ role: 'user', content: 'x' }] })
        .withResponse();
      expect(raw.data.choices[0]?.message.content).toBe('from backup');
      expect(raw.response.headers.get('x-portico-provider')).toBe('backup');
      expect(raw.response.headers.get('x-portico-attempts')).toBe('2');
      // The primary was tried first: its upstream received the call, then the backup's did.
      expect(modelsAskedOf(primary, primarySeen)).toEqual(['p-model']);
      expect(modelsAskedOf(backup, backupSeen)).toEqual(['b-model']);
      await vi.waitFor(() =>
        expect(lastRequestLine()?.['attempts']).toMatchObject([
          { provider: 'primary' },
          { provider: 'backup', status: 200 },
        ]),
      );

      const stream = await client.chat.completions.create({
        model: 'smart',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe('from backup');
      const line = lastRequestLine();
      // After a 429 the primary's credential cools down: the second request skips it.
      expect(modelsAskedOf(primary, primarySeen)).toEqual(
        name === '429' ? ['p-model'] : ['p-model', 'p-model'],
      );
      expect(line?.['attempts']).toMatchObject([
        name === '429' ? { provider: 'primary', skipped: 'cooling_down' } : { provider: 'primary' },
        { provider: 'backup', status: 200 },
      ]);
    });
  }

  it('falls back when the first provider cannot be reached at all', async () => {
    const completion = await client.chat.completions.create({
      model: 'unreachable-first',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(completion.choices[0]?.message.content).toBe('from backup');
  });

  it('does not fall back on a 400: the request itself is wrong, and the provider’s words reach the client', async () => {
    primary.setHandler(() => ({
      kind: 'json',
      status: 400,
      body: { error: { message: 'bad temperature', type: 'invalid_request_error' } },
    }));
    const response = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { code: string; provider_error: { message: string; status: number } };
    };
    expect(body.error.code).toBe('upstream_invalid_request');
    expect(body.error.provider_error).toMatchObject({
      provider: 'primary',
      status: 400,
      message: 'bad temperature',
    });
  });

  it('reports the last failure with its status and Retry-After when every target fails', async () => {
    primary.setHandler(() => ({
      kind: 'json',
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: { message: 'quota' } },
    }));
    const response = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'primary-only', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe('rate_limit_exceeded');
  });

  it('answers 504 when the only target hangs past its first-byte timeout', async () => {
    primary.setHandler(() => ({ kind: 'hang' }));
    const timedOut = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'primary-only', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(timedOut.status).toBe(504);
  });

  it('ends a stream that breaks after its first byte with an error event, not a fallback', async () => {
    primary.setHandler((request) => ({
      kind: 'sse',
      events: openAiTextStream((request.body as { model: string }).model, ['partial']).slice(0, 2),
      thenReset: true,
    }));
    const stream = await client.chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    let text = '';
    const consume = async (): Promise<void> => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    };
    await expect(consume()).rejects.toThrow();
    expect(text).toBe('partial');
    const line = lastRequestLine();
    expect(line).toMatchObject({ status: 200, errorCode: expect.any(String) as string });
    expect(line?.['attempts']).toHaveLength(1);
  });

  it('ends a stream whose upstream goes silent with an error event after the idle timeout', async () => {
    primary.setHandler((request) => ({
      kind: 'sse',
      events: [
        ...openAiTextStream((request.body as { model: string }).model, ['a']).slice(0, 2),
        ': then silence',
      ],
      delayMs: 5_000,
    }));
    const response = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'primary-only',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      }),
    });
    const text = await response.text();
    expect(text).toContain('"upstream_timeout"');
    expect(text).not.toContain('[DONE]');
  });
});
