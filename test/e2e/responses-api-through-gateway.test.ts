import OpenAI from 'openai';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropicFixtureUpstream } from '../support/anthropic-fixture.js';
import {
  FakeUpstream,
  openAiCompletion,
  openAiTextStream,
  type FakeHandler,
  type FakeReply,
} from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const key = 'pk-dev-0123456789abcdef';

/** OpenAI chunks with two tool calls whose argument deltas interleave. */
function parallelToolStream(model: string): string[] {
  const chunk = (delta: unknown, finish: string | null = null): string =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}`;
  const start = (index: number, id: string, name: string): string =>
    chunk({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] });
  const args = (index: number, text: string): string =>
    chunk({ tool_calls: [{ index, function: { arguments: text } }] });
  return [
    chunk({ role: 'assistant', content: null }),
    start(0, 'call_a', 'weather'),
    args(0, '{"city":'),
    start(1, 'call_b', 'time'),
    args(0, '"Oslo"}'),
    args(1, '{"tz":"CET"}'),
    chunk({}, 'tool_calls'),
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { prompt_tokens: 20, completion_tokens: 12, total_tokens: 32 } })}`,
    'data: [DONE]',
  ];
}

const weatherTools: OpenAI.Responses.Tool[] = [
  {
    type: 'function',
    name: 'weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
    strict: false,
  },
  {
    type: 'function',
    name: 'time',
    parameters: { type: 'object', properties: { tz: { type: 'string' } } },
    strict: false,
  },
];

/** A fake upstream whose next answers a test sets; requests are recorded. */
class ScriptedUpstream extends FakeUpstream {
  private script: FakeHandler = () => ({
    kind: 'json',
    status: 500,
    body: { error: { message: 'unscripted' } },
  });
  constructor() {
    super((request) => this.script(request));
  }
  answer(handler: FakeHandler): void {
    this.script = handler;
  }
  lastBody(): Record<string, unknown> {
    return this.requests.at(-1)?.body as Record<string, unknown>;
  }
}

describe('the official openai SDK calling /v1/responses through Portico', () => {
  const openAiUpstream = new ScriptedUpstream();
  const anthropicUpstream = new ScriptedUpstream();
  const flakyUpstream = new ScriptedUpstream();
  // Its own provider: a 429 puts the flaky one's credential to rest for Retry-After seconds.
  const brokenUpstream = new ScriptedUpstream();
  let gateway: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    const [openAiBase, anthropicBase, flakyBase, brokenBase] = await Promise.all([
      openAiUpstream.start(),
      anthropicUpstream.start(),
      flakyUpstream.start(),
      brokenUpstream.start(),
    ]);
    gateway = await startGateway(
      `
providers:
  - id: local
    type: openai-compatible
    base_url: ${openAiBase}/v1
  - id: claude
    type: anthropic
    api_key: sk-ant-test
    base_url: ${anthropicBase}
  - id: flaky
    type: openai-compatible
    base_url: ${flakyBase}/v1
  - id: broken
    type: openai-compatible
    base_url: ${brokenBase}/v1
models:
  - name: gpt
    targets: [{ provider: local, model: gpt-upstream }]
  - name: claude
    targets: [{ provider: claude, model: claude-sonnet-4-5 }]
  - name: flaky
    targets: [{ provider: flaky, model: flaky-upstream }]
  - name: broken
    targets: [{ provider: broken, model: broken-upstream }]
keys:
  - name: dev
    key: ${key}
`,
    );
    client = new OpenAI({ apiKey: key, baseURL: gateway.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all(
      [openAiUpstream, anthropicUpstream, flakyUpstream, brokenUpstream].map((fake) => fake.stop()),
    );
  });

  describe('to an OpenAI-format upstream', () => {
    it('answers a plain request, sending instructions and input as Chat Completions messages', async () => {
      openAiUpstream.answer(() => ({ kind: 'json', body: openAiCompletion('gpt-upstream', 'Hello there') }));
      const response = await client.responses.create({
        model: 'gpt',
        instructions: 'Be brief.',
        input: 'Hi',
      });
      expect(response.object).toBe('response');
      expect(response.status).toBe('completed');
      expect(response.output_text).toBe('Hello there');
      expect(response.usage).toMatchObject({
        input_tokens: 9,
        input_tokens_details: { cached_tokens: 2 },
        output_tokens: 3,
        total_tokens: 12,
      });
      expect(openAiUpstream.requests.at(-1)?.url).toBe('/v1/chat/completions');
      expect(openAiUpstream.lastBody()).toEqual({
        model: 'gpt-upstream',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        ],
      });
    });

    it('streams text event by event and reports usage in the final response', async () => {
      openAiUpstream.answer(() => ({
        kind: 'sse',
        events: openAiTextStream('gpt-upstream', ['Hel', 'lo', '!']),
      }));
      const stream = client.responses.stream({ model: 'gpt', input: 'Hi' });
      const deltas: string[] = [];
      const sequence: number[] = [];
      for await (const event of stream) {
        sequence.push(event.sequence_number);
        if (event.type === 'response.output_text.delta') deltas.push(event.delta);
      }
      const final = await stream.finalResponse();
      expect(deltas).toEqual(['Hel', 'lo', '!']);
      expect(sequence).toEqual(sequence.map((_, index) => index));
      expect(final.output_text).toBe('Hello!');
      expect(final.usage?.total_tokens).toBe(10);
      expect(openAiUpstream.lastBody()).toMatchObject({
        stream: true,
        stream_options: { include_usage: true },
      });
      const line = gateway
        .logs()
        .filter((entry) => entry['msg'] === 'request')
        .at(-1);
      expect(line).toMatchObject({ stream: true, inputTokens: 7, outputTokens: 3, status: 200 });
    });

    it('streams parallel function calls as separate items with complete arguments', async () => {
      openAiUpstream.answer(() => ({ kind: 'sse', events: parallelToolStream('gpt-upstream') }));
      const stream = await client.responses.create({
        model: 'gpt',
        input: 'Weather and time in Oslo?',
        tools: weatherTools,
        stream: true,
      });
      const added: number[] = [];
      let completed: OpenAI.Responses.Response | undefined;
      for await (const event of stream) {
        if (event.type === 'response.output_item.added') added.push(event.output_index);
        if (event.type === 'response.completed') completed = event.response;
      }
      expect(added).toEqual([0, 1]);
      expect(completed?.output).toMatchObject([
        { type: 'function_call', call_id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call', call_id: 'call_b', name: 'time', arguments: '{"tz":"CET"}' },
      ]);
      expect(completed?.usage?.total_tokens).toBe(32);
      expect(openAiUpstream.lastBody()['tools']).toEqual([
        {
          type: 'function',
          function: {
            name: 'weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
            strict: false,
          },
        },
        {
          type: 'function',
          function: {
            name: 'time',
            parameters: { type: 'object', properties: { tz: { type: 'string' } } },
            strict: false,
          },
        },
      ]);
    });

    it('sends a tool round trip upstream as one assistant turn with tool calls and one tool message per result', async () => {
      openAiUpstream.answer(() => ({
        kind: 'json',
        body: openAiCompletion('gpt-upstream', 'Sunny, 12:00.'),
      }));
      const input: ResponseInputItem[] = [
        { role: 'user', content: 'Weather and time in Oslo?' },
        { type: 'function_call', call_id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call', call_id: 'call_b', name: 'time', arguments: '{"tz":"CET"}' },
        { type: 'function_call_output', call_id: 'call_a', output: 'Sunny' },
        { type: 'function_call_output', call_id: 'call_b', output: '12:00' },
      ];
      const response = await client.responses.create({ model: 'gpt', input, tools: weatherTools });
      expect(response.output_text).toBe('Sunny, 12:00.');
      expect(openAiUpstream.lastBody()['messages']).toEqual([
        { role: 'user', content: [{ type: 'text', text: 'Weather and time in Oslo?' }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
            { id: 'call_b', type: 'function', function: { name: 'time', arguments: '{"tz":"CET"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: 'Sunny' },
        { role: 'tool', tool_call_id: 'call_b', content: '12:00' },
      ]);
    });

    it('maps text.format json_schema to response_format and reasoning effort to reasoning_effort', async () => {
      openAiUpstream.answer(() => ({
        kind: 'json',
        body: openAiCompletion('gpt-upstream', '{"answer":42}'),
      }));
      const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'] };
      const response = await client.responses.create({
        model: 'gpt',
        input: 'The answer?',
        text: { format: { type: 'json_schema', name: 'answer', schema, strict: true } },
        reasoning: { effort: 'low' },
        max_output_tokens: 300,
        store: false,
      });
      expect(JSON.parse(response.output_text)).toEqual({ answer: 42 });
      const sent = openAiUpstream.lastBody();
      expect(sent).toMatchObject({
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } },
        reasoning_effort: 'low',
        max_completion_tokens: 300,
      });
      expect(sent).not.toHaveProperty('store');
      expect(sent).not.toHaveProperty('text');
    });
  });

  describe('to an Anthropic upstream', () => {
    it('streams text, with instructions as the system prompt', async () => {
      const recorded = anthropicFixtureUpstream('text-stream');
      anthropicUpstream.answer(() => ({ kind: 'sse', events: recorded.sse ?? [] }));
      const stream = client.responses.stream({
        model: 'claude',
        instructions: 'Count.',
        input: 'Count to three.',
      });
      const final = await stream.finalResponse();
      expect(final.output_text).toBe('One, two, three.');
      expect(final.usage).toMatchObject({ input_tokens: 13, output_tokens: 9, total_tokens: 22 });
      expect(anthropicUpstream.requests.at(-1)?.url).toBe('/v1/messages');
      expect(anthropicUpstream.lastBody()).toMatchObject({
        model: 'claude-sonnet-4-5',
        stream: true,
        system: [{ type: 'text', text: 'Count.' }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Count to three.' }] }],
      });
    });

    it('streams a text block and tool calls as a message item and function_call items', async () => {
      const recorded = anthropicFixtureUpstream('tools-stream');
      anthropicUpstream.answer(() => ({ kind: 'sse', events: recorded.sse ?? [] }));
      const stream = client.responses.stream({
        model: 'claude',
        input: 'Weather in Paris and time in Tokyo?',
        tools: weatherTools,
        tool_choice: 'required',
      });
      const final = await stream.finalResponse();
      expect(final.output).toMatchObject([
        { type: 'message', content: [{ type: 'output_text', text: 'On it.' }] },
        {
          type: 'function_call',
          call_id: 'toolu_01Weather',
          name: 'get_weather',
          arguments: '{"city": "Paris"}',
        },
        { type: 'function_call', call_id: 'toolu_02Time', name: 'get_time', arguments: '{"city": "Tokyo"}' },
      ]);
      expect(anthropicUpstream.lastBody()).toMatchObject({ tool_choice: { type: 'any' } });
    });

    it('streams thinking as a reasoning item whose signature returns to Anthropic on the next turn', async () => {
      const recorded = anthropicFixtureUpstream('thinking-stream');
      anthropicUpstream.answer(() => ({ kind: 'sse', events: recorded.sse ?? [] }));
      const stream = client.responses.stream({
        model: 'claude',
        input: 'Is 1001 prime?',
        reasoning: { effort: 'medium' },
      });
      const summaries: string[] = [];
      stream.on('response.reasoning_summary_text.delta', (event) => summaries.push(event.delta));
      const final = await stream.finalResponse();
      expect(summaries.join('')).toBe('1001 = 7 × 143, and 143 = 11 × 13.');
      expect(anthropicUpstream.lastBody()).toMatchObject({
        thinking: { type: 'enabled', budget_tokens: 8192 },
      });
      const [reasoning, message] = final.output;
      expect(reasoning).toMatchObject({
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: '1001 = 7 × 143, and 143 = 11 × 13.' }],
      });
      expect(reasoning?.type === 'reasoning' ? reasoning.encrypted_content : undefined).toMatch(
        /^portico:thinking:EqQB/,
      );
      expect(message).toMatchObject({ type: 'message', content: [{ text: 'No: 1001 = 7 × 11 × 13.' }] });

      // Stateless: the client sends the output back as input, as Codex does with store: false.
      const text = anthropicFixtureUpstream('text');
      anthropicUpstream.answer(() => ({ kind: 'json', body: text.body }));
      const next = await client.responses.create({
        model: 'claude',
        reasoning: { effort: 'medium' },
        input: [
          { role: 'user', content: 'Is 1001 prime?' },
          ...(final.output as ResponseInputItem[]),
          { role: 'user', content: 'Thanks!' },
        ],
      });
      expect(next.output_text).toBe('Hello!');
      expect(anthropicUpstream.lastBody()['messages']).toEqual([
        { role: 'user', content: [{ type: 'text', text: 'Is 1001 prime?' }] },
        {
          role: 'assistant',
          content: [
            {
              type: 'thinking',
              thinking: '1001 = 7 × 143, and 143 = 11 × 13.',
              signature: expect.stringMatching(/^EqQB.*=$/) as unknown,
            },
            { type: 'text', text: 'No: 1001 = 7 × 11 × 13.' },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'Thanks!' }] },
      ]);
    });
  });

  describe('errors', () => {
    it('answers an unknown model with 404 model_not_found', async () => {
      await expect(client.responses.create({ model: 'nope', input: 'x' })).rejects.toMatchObject({
        status: 404,
        code: 'model_not_found',
      });
    });

    it('refuses previous_response_id with 400, saying Portico is stateless', async () => {
      const refused = client.responses.create({ model: 'gpt', input: 'x', previous_response_id: 'resp_1' });
      await expect(refused).rejects.toBeInstanceOf(OpenAI.BadRequestError);
      await expect(refused).rejects.toMatchObject({
        code: 'unsupported_parameter',
        param: 'previous_response_id',
        message: expect.stringContaining('stateless') as unknown,
      });
    });

    it('drops a built-in tool with a warning, and refuses forcing one with 400 naming tool_choice', async () => {
      const { response } = await client.responses
        .create({ model: 'gpt', input: 'x', tools: [{ type: 'web_search' }] })
        .withResponse();
      expect(response.headers.get('x-portico-warnings')).toContain(
        'built-in tool web_search runs only on openai; dropped',
      );
      await expect(
        client.responses.create({
          model: 'gpt',
          input: 'x',
          tools: [{ type: 'web_search' }],
          tool_choice: { type: 'web_search_preview' },
        }),
      ).rejects.toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'tool_choice.type' });
    });

    it('passes an upstream 429 on as a RateLimitError', async () => {
      flakyUpstream.answer((): FakeReply => ({
        kind: 'json',
        status: 429,
        headers: { 'retry-after': '7' },
        body: { error: { message: 'Too many requests', type: 'rate_limit_error' } },
      }));
      const limited = client.responses.create({ model: 'flaky', input: 'x' });
      await expect(limited).rejects.toBeInstanceOf(OpenAI.RateLimitError);
      await expect(limited).rejects.toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    });

    it('makes the SDK stream throw when the upstream fails mid-stream', async () => {
      brokenUpstream.answer(() => ({
        kind: 'sse',
        events: openAiTextStream('broken-upstream', ['Hel', 'lo']).slice(0, 2),
        thenReset: true,
      }));
      const stream = client.responses.stream({ model: 'broken', input: 'x' });
      const deltas: string[] = [];
      stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
      await expect(stream.finalResponse()).rejects.toBeInstanceOf(OpenAI.APIError);
      expect(deltas).toEqual(['Hel']);

      const raw = await client.responses.create({ model: 'broken', input: 'x', stream: true });
      const seen: string[] = [];
      const iterate = async (): Promise<void> => {
        for await (const event of raw) seen.push(event.type);
      };
      const failure = iterate();
      await expect(failure).rejects.toBeInstanceOf(OpenAI.APIError);
      await expect(failure).rejects.toMatchObject({
        message: expect.stringContaining('Provider broken') as unknown,
      });
      expect(seen).toEqual([
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
      ]);
    });
  });
});
