import Anthropic from '@anthropic-ai/sdk';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, type FakeReply, type RecordedRequest } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const devKey = 'pk-dev-anthropic-0123456789';
const upstreamKey = 'sk-ant-upstream-secret-42';

/** The streamed events of a recorded Anthropic answer with thinking and a signature. */
const thinkingStream = (
  JSON.parse(
    readFileSync(new URL('../fixtures/providers/anthropic/thinking-stream.json', import.meta.url), 'utf8'),
  ) as { upstream: { sse: string[] } }
).upstream.sse;
const signature = /"signature":"(E[^"]+)"/.exec(thinkingStream.join('\n'))?.[1] ?? 'missing';

/** A non-streamed Anthropic answer, pretty-printed so that any re-serialization would show. */
const anthropicBody = JSON.stringify(
  {
    id: 'msg_01Passthrough',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    content: [
      { type: 'thinking', thinking: 'Refund policy lookup.', signature: 'EqQBCgIYAhIM-signed-by-anthropic' },
      { type: 'text', text: '30 days.' },
    ],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: 12,
      cache_creation_input_tokens: 200,
      cache_read_input_tokens: 1800,
      output_tokens: 6,
    },
  },
  null,
  2,
);

function anthropicReply(request: RecordedRequest): FakeReply {
  const body = request.body as { model: string; stream?: boolean };
  if (request.url === '/v1/messages/count_tokens') return { kind: 'json', body: { input_tokens: 42 } };
  if (body.model === 'claude-busy') {
    return {
      kind: 'raw',
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '0' },
      body: '{"type":"error","error":{"type":"rate_limit_error","message":"Too many tokens per minute"}}',
    };
  }
  if (body.model === 'claude-cut')
    return { kind: 'sse', events: thinkingStream.slice(0, 4), thenReset: true };
  if (body.stream === true) return { kind: 'sse', events: thinkingStream };
  return { kind: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: anthropicBody };
}

const openAiChunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-2024-08-06', choices, ...extra })}`;
const openAiDelta = (delta: unknown, finish: string | null = null): string =>
  openAiChunk([{ index: 0, delta, finish_reason: finish }]);

/** Two parallel calls whose arguments interleave, then the usage chunk after the finish. */
const parallelToolStream = [
  openAiDelta({ role: 'assistant', content: null }),
  openAiDelta({
    tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } }],
  }),
  openAiDelta({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
  openAiDelta({
    tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '' } }],
  }),
  openAiDelta({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }),
  openAiDelta({ tool_calls: [{ index: 1, function: { arguments: '{"tz":"CET"}' } }] }),
  openAiDelta({}, 'tool_calls'),
  openAiChunk([], { usage: { prompt_tokens: 31, completion_tokens: 17, total_tokens: 48 } }),
  'data: [DONE]',
];

function openAiReply(request: RecordedRequest): FakeReply {
  const body = request.body as { stream?: boolean; tools?: unknown[] };
  if (body.stream === true && body.tools !== undefined) return { kind: 'sse', events: parallelToolStream };
  if (body.stream === true) {
    return {
      kind: 'sse',
      events: [openAiDelta({ role: 'assistant', content: 'Par' }), openAiDelta({ content: 'tial' })],
      thenReset: true,
    };
  }
  return {
    kind: 'json',
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-2024-08-06',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Hello from GPT' }, finish_reason: 'stop' },
      ],
      usage: {
        prompt_tokens: 20,
        completion_tokens: 4,
        total_tokens: 24,
        prompt_tokens_details: { cached_tokens: 8 },
      },
    },
  };
}

function geminiReply(request: RecordedRequest): FakeReply {
  const usageMetadata = { promptTokenCount: 9, candidatesTokenCount: 5, totalTokenCount: 14 };
  if (request.url.includes(':streamGenerateContent')) {
    const part = { functionCall: { id: 'fc_1', name: 'weather', args: { city: 'Oslo' } } };
    const chunk = {
      candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
      usageMetadata,
    };
    return { kind: 'sse', events: [`data: ${JSON.stringify(chunk)}`] };
  }
  const candidate = {
    content: { role: 'model', parts: [{ text: 'Hello from Gemini' }] },
    finishReason: 'STOP',
    index: 0,
  };
  return { kind: 'json', body: { candidates: [candidate], usageMetadata, modelVersion: 'gemini-2.5-flash' } };
}

describe('the official @anthropic-ai/sdk through Portico', () => {
  const anthropicUp = new FakeUpstream(anthropicReply);
  const openAiUp = new FakeUpstream(openAiReply);
  const geminiUp = new FakeUpstream(geminiReply);
  let gateway: TestGateway;
  let client: Anthropic;
  /** Anthropic clients take the origin: the SDK adds `/v1/messages` itself. */
  let origin = '';
  /** The raw request bodies the SDK sent, in order. */
  const sentBodies: string[] = [];

  beforeAll(async () => {
    const [anthropicBase, openAiBase, geminiBase] = await Promise.all([
      anthropicUp.start(),
      openAiUp.start(),
      geminiUp.start(),
    ]);
    gateway = await startGateway(
      `
providers:
  - id: claude
    type: anthropic
    api_key: \${ANTHROPIC_KEY}
    base_url: ${anthropicBase}
  - id: busy
    type: anthropic
    api_key: \${ANTHROPIC_KEY}
    base_url: ${anthropicBase}
  - id: gpt
    type: openai-compatible
    base_url: ${openAiBase}/v1
  - id: gemini
    type: gemini
    api_key: g-key
    base_url: ${geminiBase}
models:
  - { name: claude, targets: [{ provider: claude, model: claude-sonnet-4-5-20250929 }] }
  - { name: claude-cut, targets: [{ provider: claude, model: claude-cut }] }
  - { name: claude-busy, targets: [{ provider: busy, model: claude-busy }] }
  - { name: gpt, targets: [{ provider: gpt, model: gpt-4o-2024-08-06 }] }
  - { name: gemini, targets: [{ provider: gemini, model: gemini-2.5-flash }] }
keys:
  - name: dev
    key: \${DEV_KEY}
`,
      { ANTHROPIC_KEY: upstreamKey, DEV_KEY: devKey },
    );
    origin = new URL(gateway.url).origin;
    client = new Anthropic({
      apiKey: devKey,
      baseURL: origin,
      maxRetries: 0,
      fetch: (input, init) => {
        if (typeof init?.body === 'string') sentBodies.push(init.body);
        return fetch(input, init);
      },
    });
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all([anthropicUp.stop(), openAiUp.stop(), geminiUp.stop()]);
  });

  const question: Anthropic.MessageCreateParamsNonStreaming = {
    model: 'claude',
    max_tokens: 1024,
    system: [{ type: 'text', text: 'Answer from the handbook.', cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: 'What is the refund window?' }],
    thinking: { type: 'enabled', budget_tokens: 1024 },
  };

  describe('to an Anthropic upstream (passthrough)', () => {
    it('sends the client body untouched except model, and returns the upstream bytes', async () => {
      const beta = 'interleaved-thinking-2025-05-14';
      const message = await client.messages.create(question, { headers: { 'anthropic-beta': beta } });
      expect(message.content[0]).toEqual({
        type: 'thinking',
        thinking: 'Refund policy lookup.',
        signature: 'EqQBCgIYAhIM-signed-by-anthropic',
      });
      expect(message.usage).toMatchObject({
        input_tokens: 12,
        cache_read_input_tokens: 1800,
        cache_creation_input_tokens: 200,
      });
      const received = anthropicUp.requests.at(-1);
      expect(received?.url).toBe('/v1/messages');
      const sent = JSON.parse(sentBodies.at(-1) ?? '{}') as Record<string, unknown>;
      expect(JSON.stringify(received?.body)).toBe(
        JSON.stringify({ ...sent, model: 'claude-sonnet-4-5-20250929' }),
      );
      expect(received?.headers['anthropic-beta']).toBe(beta);
      expect(received?.headers['x-api-key']).toBe(upstreamKey);
      expect(received?.headers.authorization).toBeUndefined();

      const raw = await client.messages.create(question).asResponse();
      expect(raw.headers.get('x-portico-provider')).toBe('claude');
      expect(await raw.text()).toBe(anthropicBody);
    });

    it('relays a stream event for event, signature intact, and logs its usage', async () => {
      const stream = client.messages.stream({
        ...question,
        messages: [{ role: 'user', content: 'Is 1001 prime?' }],
      });
      const message = await stream.finalMessage();
      expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
      expect(message.content[0]).toMatchObject({ signature });
      expect(message.usage).toMatchObject({ input_tokens: 18, output_tokens: 120 });

      const raw = await client.messages.create({ ...question, stream: true }).asResponse();
      expect(await raw.text()).toBe(thinkingStream.map((event) => `${event}\n\n`).join(''));
      const line = gateway
        .logs()
        .filter((entry) => entry['msg'] === 'request')
        .at(-2);
      expect(line).toMatchObject({ stream: true, inputTokens: 18, outputTokens: 120, status: 200 });
    });
  });

  describe('to an OpenAI-format upstream (translated)', () => {
    it('answers a text request with Anthropic usage, cache reads taken out of input_tokens', async () => {
      const message = await client.messages.create({
        model: 'gpt',
        max_tokens: 100,
        system: 'Be brief.',
        stop_sequences: ['END'],
        messages: [{ role: 'user', content: 'Hi' }],
      });
      expect(message).toMatchObject({
        type: 'message',
        role: 'assistant',
        content: [{ type: 'text', text: 'Hello from GPT' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 12, cache_read_input_tokens: 8, output_tokens: 4 },
      });
      expect(openAiUp.requests.at(-1)?.body).toMatchObject({
        model: 'gpt-4o-2024-08-06',
        max_completion_tokens: 100,
        stop: ['END'],
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        ],
      });
    });

    it('streams parallel tool calls as whole tool_use blocks, with usage sent after the finish', async () => {
      const stream = client.messages.stream({
        model: 'gpt',
        max_tokens: 200,
        tools: [
          { name: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
          { name: 'time', input_schema: { type: 'object', properties: { tz: { type: 'string' } } } },
        ],
        tool_choice: { type: 'any' },
        messages: [{ role: 'user', content: 'Weather and time in Oslo?' }],
      });
      const blocks: string[] = [];
      stream.on('contentBlock', (block) => blocks.push(block.type));
      // Strict clients read blocks one at a time: every delta must belong to the last block started.
      let lastStarted = -1;
      const stray: number[] = [];
      stream.on('streamEvent', (event) => {
        if (event.type === 'content_block_start') lastStarted = event.index;
        if (event.type === 'content_block_delta' && event.index !== lastStarted) stray.push(event.index);
      });
      const message = await stream.finalMessage();
      expect(stray).toEqual([]);
      expect(message.content).toEqual([
        expect.objectContaining({ type: 'tool_use', id: 'call_a', name: 'weather', input: { city: 'Oslo' } }),
        expect.objectContaining({ type: 'tool_use', id: 'call_b', name: 'time', input: { tz: 'CET' } }),
      ]);
      expect(blocks).toEqual(['tool_use', 'tool_use']);
      expect(message.stop_reason).toBe('tool_use');
      expect(message.usage).toMatchObject({ input_tokens: 31, output_tokens: 17 });
      expect(openAiUp.requests.at(-1)?.body).toMatchObject({
        stream: true,
        stream_options: { include_usage: true },
        tool_choice: 'required',
        tools: [
          { type: 'function', function: { name: 'weather' } },
          { type: 'function', function: { name: 'time' } },
        ],
      });
    });

    it('drops an Anthropic server tool with a warning, and refuses forcing one with a 400 naming it', async () => {
      const { response } = await client.messages
        .create({
          model: 'gpt',
          max_tokens: 10,
          tools: [{ type: 'web_search_20250305', name: 'web_search' }],
          messages: [{ role: 'user', content: 'News?' }],
        })
        .withResponse();
      expect(response.headers.get('x-portico-warnings')).toContain(
        'server tool web_search_20250305 runs only on anthropic; dropped',
      );
      const request = client.messages.create({
        model: 'gpt',
        max_tokens: 10,
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
        tool_choice: { type: 'tool', name: 'web_search' },
        messages: [{ role: 'user', content: 'News?' }],
      });
      await expect(request).rejects.toBeInstanceOf(Anthropic.BadRequestError);
      const error = (await request.catch((thrown: unknown) => thrown)) as InstanceType<
        typeof Anthropic.APIError
      >;
      expect(error.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
      expect(error.message).toContain("server tool 'web_search' (web_search_20250305)");
    });
  });

  describe('to a Gemini upstream (translated)', () => {
    it('answers text and streams a tool call', async () => {
      const text = await client.messages.create({
        model: 'gemini',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'Hi' }],
      });
      expect(text).toMatchObject({
        content: [{ type: 'text', text: 'Hello from Gemini' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 9, output_tokens: 5 },
      });
      expect(geminiUp.requests.at(-1)?.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');

      const message = await client.messages
        .stream({
          model: 'gemini',
          max_tokens: 50,
          tools: [
            { name: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
          ],
          messages: [{ role: 'user', content: 'Weather in Oslo?' }],
        })
        .finalMessage();
      expect(message.content).toEqual([
        expect.objectContaining({ type: 'tool_use', name: 'weather', input: { city: 'Oslo' } }),
      ]);
      expect(message.stop_reason).toBe('tool_use');
    });
  });

  describe('errors in Anthropic shape', () => {
    it('reports an unknown model as not_found_error', async () => {
      const request = client.messages.create({
        model: 'nope',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }],
      });
      await expect(request).rejects.toBeInstanceOf(Anthropic.NotFoundError);
      await expect(request).rejects.toMatchObject({
        status: 404,
        error: {
          type: 'error',
          error: { type: 'not_found_error', message: "The model 'nope' does not exist." },
        },
      });
    });

    it('reports an upstream 429 as rate_limit_error', async () => {
      const request = client.messages.create({
        model: 'claude-busy',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }],
      });
      await expect(request).rejects.toBeInstanceOf(Anthropic.RateLimitError);
      await expect(request).rejects.toMatchObject({ error: { error: { type: 'rate_limit_error' } } });
    });

    it('makes the SDK stream throw when the upstream fails mid-stream, passthrough or translated', async () => {
      for (const model of ['claude-cut', 'gpt']) {
        const stream = client.messages.stream({
          model,
          max_tokens: 5,
          messages: [{ role: 'user', content: 'x' }],
        });
        let received = '';
        stream.on('text', (text) => (received += text));
        stream.on('thinking', (thinking) => (received += thinking));
        const error: unknown = await stream.finalMessage().catch((thrown: unknown) => thrown);
        // Raised from the `error` event after content arrived, not from an HTTP error status.
        expect(received).not.toBe('');
        expect(error).toBeInstanceOf(Anthropic.APIError);
        // A connection reset is reported as the upstream being unavailable (overloaded_error).
        expect(error).toMatchObject({
          status: undefined,
          error: { type: 'error', error: { type: 'overloaded_error' } },
        });
      }
    });

    it('checks x-api-key and answers a wrong one with authentication_error', async () => {
      const stranger = new Anthropic({ apiKey: 'pk-wrong-000000', baseURL: origin, maxRetries: 0 });
      const request = stranger.messages.create({
        model: 'claude',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }],
      });
      await expect(request).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
      await expect(request).rejects.toMatchObject({ error: { error: { type: 'authentication_error' } } });
      expect(gateway.rawLogs()).not.toContain(devKey);
      expect(gateway.rawLogs()).not.toContain(upstreamKey);
    });
  });

  describe('count_tokens', () => {
    it('asks an Anthropic upstream, with the model replaced', async () => {
      const { data, response } = await client.messages
        .countTokens({ model: 'claude', messages: [{ role: 'user', content: 'Count me' }] })
        .withResponse();
      expect(data).toEqual({ input_tokens: 42 });
      expect(response.headers.get('x-portico-estimate')).toBeNull();
      expect(anthropicUp.requests.at(-1)).toMatchObject({
        url: '/v1/messages/count_tokens',
        body: { model: 'claude-sonnet-4-5-20250929', messages: [{ role: 'user', content: 'Count me' }] },
      });
    });

    it('estimates locally for other providers and says so', async () => {
      const count = (content: string) =>
        client.messages
          .countTokens({ model: 'gpt', system: 'Be brief.', messages: [{ role: 'user', content }] })
          .withResponse();
      const short = await count('Hi');
      const long = await count('Please tell me everything about the history of the city of Oslo.');
      expect(short.response.headers.get('x-portico-estimate')).toBe('true');
      expect(short.data.input_tokens).toBeGreaterThan(0);
      expect(long.data.input_tokens).toBeGreaterThan(short.data.input_tokens + 10);
    });
  });
});
