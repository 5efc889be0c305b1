import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeUpstream,
  openAiCompletion,
  openAiTextStream,
  type FakeReply,
} from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const anthropicStreamStart = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}',
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}',
];

/** Every fault ends in a defined outcome, within its timeout, without leaks or unhandled rejections. */
describe('fault injection', () => {
  const faulty = new FakeUpstream(() => ({ kind: 'hang' }));
  const healthy = new FakeUpstream((request) => {
    const body = request.body as { model: string; stream?: boolean };
    return body.stream === true
      ? { kind: 'sse', events: openAiTextStream(body.model, ['ok']) }
      : { kind: 'json', body: openAiCompletion(body.model, 'ok') };
  });
  let gateway: TestGateway;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    const [faultyUrl, healthyUrl] = await Promise.all([faulty.start(), healthy.start()]);
    gateway = await startGateway(`
providers:
  - { id: faulty-openai, type: openai-compatible, base_url: "${faultyUrl}/v1", timeouts: { first_byte_ms: 400, idle_ms: 400 } }
  - { id: faulty-claude, type: anthropic, api_key: k, base_url: "${faultyUrl}", timeouts: { first_byte_ms: 400, idle_ms: 400 } }
  - { id: healthy, type: openai-compatible, base_url: "${healthyUrl}/v1" }
models:
  - name: openai-alone
    targets: [{ provider: faulty-openai, model: m }]
  - name: claude-alone
    targets: [{ provider: faulty-claude, model: m }]
  - name: openai-then-healthy
    targets: [{ provider: faulty-openai, model: m }, { provider: healthy, model: m }]
    circuit_breaker: { failures: 1000 }
`);
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all([faulty.stop(), healthy.stop()]);
    process.off('unhandledRejection', onRejection);
  });

  const post = async (model: string, stream = false): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'x' }] }),
    });
    return { status: response.status, text: await response.text() };
  };

  const cases: {
    name: string;
    reply: FakeReply;
    model: string;
    stream?: boolean;
    status: number;
    expectText: RegExp;
  }[] = [
    {
      name: 'truncated JSON',
      reply: {
        kind: 'raw',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"id":"x","choices":[{"index"',
      },
      model: 'claude-alone',
      status: 502,
      expectText: /upstream_bad_response/,
    },
    {
      name: 'truncated JSON, then fallback',
      reply: { kind: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: '{"choi' },
      model: 'openai-then-healthy',
      status: 200,
      expectText: /"ok"/,
    },
    {
      name: 'an HTML error page',
      reply: {
        kind: 'raw',
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html>Bad Gateway</html>',
      },
      model: 'openai-alone',
      status: 502,
      expectText: /Bad Gateway/,
    },
    {
      name: 'malformed SSE in a translated stream',
      reply: {
        kind: 'sse',
        events: [...anthropicStreamStart.slice(0, 2), 'event: content_block_delta\ndata: {not json'],
      },
      model: 'claude-alone',
      stream: true,
      status: 200,
      expectText: /"error"[\s\S]*upstream_bad_response/,
    },
    {
      name: 'a translated stream that stops without finishing',
      reply: { kind: 'sse', events: anthropicStreamStart },
      model: 'claude-alone',
      stream: true,
      status: 200,
      expectText: /Hel[\s\S]*"error"/,
    },
    {
      name: 'a hang mid-stream',
      reply: { kind: 'sse', events: [...anthropicStreamStart, ': silence'], delayMs: 5_000 },
      model: 'claude-alone',
      stream: true,
      status: 200,
      expectText: /upstream_timeout/,
    },
    {
      name: 'a hang before headers',
      reply: { kind: 'hang' },
      model: 'claude-alone',
      status: 504,
      expectText: /upstream_timeout/,
    },
    {
      name: 'a reset before headers, then fallback',
      reply: { kind: 'reset' },
      model: 'openai-then-healthy',
      stream: true,
      status: 200,
      expectText: /\[DONE\]/,
    },
    {
      name: 'a 503, then fallback',
      reply: { kind: 'json', status: 503, body: { error: { message: 'down' } } },
      model: 'openai-then-healthy',
      status: 200,
      expectText: /"ok"/,
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name} → ${testCase.status}`, async () => {
      faulty.setHandler(() => testCase.reply);
      const result = await post(testCase.model, testCase.stream);
      expect(result.status).toBe(testCase.status);
      expect(result.text).toMatch(testCase.expectText);
      // A stream that failed after its first byte must not look complete.
      if (testCase.stream === true && /error|timeout/.test(testCase.expectText.source)) {
        expect(result.text).not.toContain('[DONE]');
      }
    });
  }

  it('left no unhandled rejection and no upstream socket open after shutdown', async () => {
    expect(rejections).toEqual([]);
    await gateway.close();
    await expect
      .poll(() => faulty.openConnections + healthy.openConnections, { timeout: 2_000, interval: 20 })
      .toBe(0);
    expect(faulty.openConnections).toBe(0);
    expect(healthy.openConnections).toBe(0);
  });
});
