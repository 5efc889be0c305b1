import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeUpstream,
  openAiCompletion,
  openAiTextStream,
  type RecordedRequest,
} from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const toolStream = (model: string): string[] => {
  const chunk = (delta: unknown, finish: string | null = null): string =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}`;
  return [
    chunk({ role: 'assistant', content: null }),
    chunk({
      tool_calls: [
        { index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } },
      ],
    }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
    chunk({
      tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '' } }],
    }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }),
    chunk({ tool_calls: [{ index: 1, function: { arguments: '{"tz":"CET"}' } }] }),
    chunk({}, 'tool_calls'),
    'data: [DONE]',
  ];
};

function reply(request: RecordedRequest) {
  const body = request.body as { model: string; stream?: boolean; tools?: unknown; input?: unknown };
  if (request.url === '/v1/embeddings') {
    return {
      kind: 'json' as const,
      body: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }],
        model: body.model,
        usage: { prompt_tokens: 4, total_tokens: 4 },
      },
    };
  }
  if (body.stream === true) {
    return {
      kind: 'sse' as const,
      events:
        body.tools === undefined ? openAiTextStream(body.model, ['Hel', 'lo', '!']) : toolStream(body.model),
    };
  }
  return { kind: 'json' as const, body: openAiCompletion(body.model, 'Hello there') };
}

describe('the official openai SDK through Portico to an OpenAI-format upstream', () => {
  const upstream = new FakeUpstream(reply);
  let gateway: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(
      `
providers:
  - id: openai-main
    type: openai
    api_key: \${UPSTREAM_KEY}
    base_url: ${base}/v1
models:
  - name: gpt-4o
    targets: [{ provider: openai-main, model: gpt-4o-2024-08-06 }]
  - name: embedder
    targets: [{ provider: openai-main, model: text-embedding-3-small }]
keys:
  - name: dev
    key: \${PORTICO_DEV_KEY}
`,
      { UPSTREAM_KEY: 'sk-upstream-secret-1234', PORTICO_DEV_KEY: 'pk-dev-0123456789abcdef' },
    );
    client = new OpenAI({ apiKey: 'pk-dev-0123456789abcdef', baseURL: gateway.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('answers a non-streamed chat with the upstream body and the route mapped to the upstream model', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      seed: 7,
    });
    expect(completion.choices[0]?.message.content).toBe('Hello there');
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(2);
    const sent = upstream.requests.at(-1);
    expect(sent?.url).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer sk-upstream-secret-1234');
    expect(sent?.body).toMatchObject({
      model: 'gpt-4o-2024-08-06',
      seed: 7,
      messages: [{ role: 'user', content: 'Hi' }],
    });
  });

  it('relays a stream chunk by chunk and reports usage only when asked', async () => {
    const withUsage = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of withUsage) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Hello!');
    expect(usage?.total_tokens).toBe(10);

    const without = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of without) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
    // The gateway still asked the upstream for usage, to account for it.
    expect(upstream.requests.at(-1)?.body).toMatchObject({ stream_options: { include_usage: true } });
    const line = gateway
      .logs()
      .filter((entry) => entry['msg'] === 'request')
      .at(-1);
    expect(line).toMatchObject({ stream: true, inputTokens: 7, outputTokens: 3, status: 200 });
  });

  it('streams two parallel tool calls with their arguments intact', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather and time in Oslo?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
        {
          type: 'function',
          function: { name: 'time', parameters: { type: 'object', properties: { tz: { type: 'string' } } } },
        },
      ],
      stream: true,
    });
    const calls: { id?: string; name?: string; arguments: string }[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        const slot = (calls[call.index] ??= { arguments: '' });
        if (call.id) slot.id = call.id;
        if (call.function?.name) slot.name = call.function.name;
        slot.arguments += call.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(calls).toEqual([
      { id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
      { id: 'call_b', name: 'time', arguments: '{"tz":"CET"}' },
    ]);
    expect(finish).toBe('tool_calls');
  });

  it('serves embeddings', async () => {
    const result = await client.embeddings.create({
      model: 'embedder',
      input: 'hello',
      encoding_format: 'float',
    });
    expect(result.data[0]?.embedding).toEqual([0.1, 0.2, 0.3]);
    expect(upstream.requests.at(-1)?.body).toMatchObject({ model: 'text-embedding-3-small', input: 'hello' });
  });

  it('lists and retrieves the configured models, and 404s an unknown one', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    // Routes are listed in the order they were created; those applied together, by name.
    expect(ids).toEqual(['embedder', 'gpt-4o']);
    expect((await client.models.retrieve('gpt-4o')).id).toBe('gpt-4o');
    await expect(client.models.retrieve('nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(
      client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('refuses a wrong key with 401 and never writes keys to the log', async () => {
    const stranger = new OpenAI({ apiKey: 'pk-wrong-key-0000000000', baseURL: gateway.url, maxRetries: 0 });
    await expect(
      stranger.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const logs = gateway.rawLogs();
    expect(logs).not.toContain('pk-dev-0123456789abcdef');
    expect(logs).not.toContain('pk-wrong-key');
    expect(logs).not.toContain('sk-upstream-secret-1234');
    expect(logs).not.toContain('Weather and time');
  });

  it('accepts the key as x-api-key, as Anthropic-style clients send it', async () => {
    const response = await fetch(`${gateway.url}/models`, {
      headers: { 'x-api-key': 'pk-dev-0123456789abcdef' },
    });
    expect(response.status).toBe(200);
  });
});
