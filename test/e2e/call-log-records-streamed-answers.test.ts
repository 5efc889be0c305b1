import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminClient, type AdminClient } from '../support/admin-client.js';
import { FakeUpstream, type FakeReply, type RecordedRequest } from '../support/fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

const openAiChunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o',
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}`;

/** Text, then one tool call whose arguments arrive in two pieces. */
const openAiStream: FakeReply = {
  kind: 'sse',
  events: [
    openAiChunk({ role: 'assistant', content: '' }),
    openAiChunk({ content: 'Hello ' }),
    openAiChunk({ content: 'world' }),
    openAiChunk({
      tool_calls: [
        { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
      ],
    }),
    openAiChunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
    openAiChunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
    openAiChunk({}, 'tool_calls'),
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [], usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 } })}`,
    'data: [DONE]',
  ],
};

const anthropicEvent = (data: Record<string, unknown>): string =>
  `event: ${String(data['type'])}\ndata: ${JSON.stringify(data)}`;

const anthropicStream: FakeReply = {
  kind: 'sse',
  events: [
    anthropicEvent({
      type: 'message_start',
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        stop_reason: null,
        usage: { input_tokens: 5, output_tokens: 1 },
      },
    }),
    anthropicEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello ' } }),
    anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'world' } }),
    anthropicEvent({ type: 'content_block_stop', index: 0 }),
    anthropicEvent({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
    }),
    anthropicEvent({
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: '{"city":' },
    }),
    anthropicEvent({
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: '"Paris"}' },
    }),
    anthropicEvent({ type: 'content_block_stop', index: 1 }),
    anthropicEvent({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use' },
      usage: { output_tokens: 9 },
    }),
    anthropicEvent({ type: 'message_stop' }),
  ],
};

const geminiStream: FakeReply = {
  kind: 'sse',
  events: [
    `data: ${JSON.stringify({
      candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'Hello ' }] } }],
      modelVersion: 'gemini-2.5-pro',
    })}`,
    `data: ${JSON.stringify({
      candidates: [
        {
          index: 0,
          content: {
            role: 'model',
            parts: [{ text: 'world' }, { functionCall: { name: 'get_weather', args: { city: 'Paris' } } }],
          },
          finishReason: 'STOP',
        },
      ],
      usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 9, totalTokenCount: 14 },
      modelVersion: 'gemini-2.5-pro',
    })}`,
  ],
};

function openAiUpstream(request: RecordedRequest): FakeReply {
  if (request.url.endsWith('/embeddings')) {
    return {
      kind: 'json',
      body: {
        object: 'list',
        data: [
          { object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] },
          { object: 'embedding', index: 1, embedding: [0.4, 0.5, 0.6] },
        ],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 2, total_tokens: 2 },
      },
    };
  }
  return openAiStream;
}

function geminiUpstream(request: RecordedRequest): FakeReply {
  if (request.url.includes(':batchEmbedContents')) {
    return {
      kind: 'json',
      body: { embeddings: [{ values: [0.1, 0.2, 0.3, 0.4] }, { values: [0.5, 0.6, 0.7, 0.8] }] },
    };
  }
  return geminiStream;
}

const weatherTool = {
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

/** One streamed request per ingress dialect, asking route `model` for the answer above. */
const ingress: Record<string, (model: string) => { path: string; body: Record<string, unknown> }> = {
  'OpenAI chat': (model) => ({
    path: '/v1/chat/completions',
    body: {
      model,
      stream: true,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: weatherTool }],
    },
  }),
  'OpenAI Responses': (model) => ({
    path: '/v1/responses',
    body: { model, stream: true, input: 'Weather in Paris?', tools: [{ type: 'function', ...weatherTool }] },
  }),
  'Anthropic Messages': (model) => ({
    path: '/v1/messages',
    body: {
      model,
      stream: true,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ name: weatherTool.name, input_schema: weatherTool.parameters }],
    },
  }),
  Gemini: (model) => ({
    path: `/v1beta/models/${model}:streamGenerateContent?alt=sse`,
    body: {
      contents: [{ role: 'user', parts: [{ text: 'Weather in Paris?' }] }],
      tools: [{ functionDeclarations: [weatherTool] }],
    },
  }),
};

interface StoredCall {
  stream: boolean;
  bodies?: { request: string; response: string };
}

/**
 * The call log stores what a streamed answer said (text and tool-call arguments, assembled as
 * the deltas pass) for every ingress dialect, translated or passed through, and what an
 * embeddings answer held (count and dimensions, not vectors).
 */
describe('the call log records streamed answers and embeddings', () => {
  const openAi = new FakeUpstream(openAiUpstream);
  const anthropic = new FakeUpstream(() => anthropicStream);
  const gemini = new FakeUpstream(geminiUpstream);
  let gateway: TestGateway;
  let admin: AdminClient;
  let origin = '';

  beforeAll(async () => {
    const [openAiBase, anthropicBase, geminiBase] = await Promise.all([
      openAi.start(),
      anthropic.start(),
      gemini.start(),
    ]);
    gateway = await startGateway(
      `
providers:
  - { id: gpt, type: openai, api_key: sk-test, base_url: "${openAiBase}/v1" }
  - { id: claude, type: anthropic, api_key: sk-ant-test, base_url: "${anthropicBase}" }
  - { id: gemini, type: gemini, api_key: g-key, base_url: "${geminiBase}" }
models:
  - { name: via-openai, log_bodies: true, targets: [{ provider: gpt, model: gpt-4o }] }
  - { name: via-anthropic, log_bodies: true, targets: [{ provider: claude, model: claude-sonnet-4-5 }] }
  - { name: via-gemini, log_bodies: true, targets: [{ provider: gemini, model: gemini-2.5-pro }] }
  - { name: unlogged, targets: [{ provider: gpt, model: gpt-4o }] }
  - { name: embed-openai, log_bodies: true, targets: [{ provider: gpt, model: text-embedding-3-small }] }
  - { name: embed-gemini, log_bodies: true, targets: [{ provider: gemini, model: text-embedding-004 }] }
`,
      {},
      { controlPlane: true },
    );
    origin = new URL(gateway.url).origin;
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    admin = adminClient(
      adminUrl,
      { cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '' },
      undefined,
    );
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all([openAi.stop(), anthropic.stop(), gemini.stop()]);
  });

  /** Sends one request, reads the whole answer, and returns its call-log row from the admin API. */
  async function callAndFetchLog(path: string, body: Record<string, unknown>): Promise<StoredCall> {
    const response = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const requestId = response.headers.get('x-request-id') ?? '';
    return vi.waitFor(
      async () => {
        const found = await admin.get<StoredCall>(`/api/admin/logs/${requestId}`);
        expect(found.status, `call-log row for ${requestId}`).toBe(200);
        return found.body;
      },
      { timeout: 5_000, interval: 100 },
    );
  }

  const routes = ['via-openai', 'via-anthropic', 'via-gemini'];
  const cases = Object.keys(ingress).flatMap((dialect) => routes.map((route) => ({ dialect, route })));

  it.each(cases)(
    'stores the streamed text and tool call of $dialect via $route',
    async ({ dialect, route }) => {
      const build = ingress[dialect];
      if (build === undefined) throw new Error(`no request for ${dialect}`);
      const { path, body } = build(route);
      const stored = await callAndFetchLog(path, body);
      expect(stored.stream).toBe(true);
      const recorded = JSON.parse(stored.bodies?.response ?? '{}') as {
        choices?: { text: string; tool_calls: { name: string; arguments: string }[] }[];
      };
      expect(recorded.choices?.[0]?.text).toBe('Hello world');
      expect(recorded.choices?.[0]?.tool_calls).toEqual([
        expect.objectContaining({ name: 'get_weather', arguments: '{"city":"Paris"}' }),
      ]);
      expect(stored.bodies?.request).toContain('Weather in Paris?');
    },
  );

  it('stores no bodies for a streamed call on a route that does not record them', async () => {
    const build = ingress['OpenAI chat'];
    if (build === undefined) throw new Error('no OpenAI chat request');
    const { path, body } = build('unlogged');
    const stored = await callAndFetchLog(path, body);
    expect(stored.bodies).toBeUndefined();
  });

  it.each([
    { route: 'embed-openai', count: 2, dimensions: 3 },
    { route: 'embed-gemini', count: 2, dimensions: 4 },
  ])('stores the count and dimensions of embeddings via $route, not the vectors', async (expected) => {
    const stored = await callAndFetchLog('/v1/embeddings', { model: expected.route, input: ['a', 'b'] });
    const response = stored.bodies?.response ?? '';
    expect(JSON.parse(response)).toEqual({
      embeddings: { count: expected.count, dimensions: expected.dimensions },
    });
    expect(response).not.toContain('0.1');
  });
});
