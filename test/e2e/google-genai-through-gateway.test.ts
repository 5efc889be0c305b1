import { readFileSync } from 'node:fs';
import {
  ApiError,
  GoogleGenAI,
  HarmBlockThreshold,
  HarmCategory,
  type FunctionCall,
  type GenerateContentResponse,
} from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeUpstream,
  openAiCompletion,
  openAiTextStream,
  type FakeReply,
  type RecordedRequest,
} from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

interface ProviderFixture {
  upstream: { body?: Record<string, unknown>; sse?: string[] };
}

function fixture(provider: string, name: string): ProviderFixture {
  return JSON.parse(
    readFileSync(`test/fixtures/providers/${provider}/${name}.json`, 'utf8'),
  ) as ProviderFixture;
}

const devKey = 'pk-dev-0123456789abcdef';
const geminiStream = fixture('gemini', 'text-stream').upstream.sse ?? [];
// Odd formatting on purpose: a passthrough must hand these exact bytes to the client.
const geminiBytes = JSON.stringify(fixture('gemini', 'text').upstream.body, null, 3) + '\n';

function geminiReply(request: RecordedRequest): FakeReply {
  if (request.url.includes(':countTokens')) return { kind: 'json', body: { totalTokens: 42 } };
  if (request.url.includes(':streamGenerateContent')) return { kind: 'sse', events: geminiStream };
  return {
    kind: 'raw',
    status: 200,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    body: geminiBytes,
  };
}

/** OpenAI chunks for two parallel tool calls whose arguments interleave. */
function openAiToolStream(model: string): string[] {
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
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { prompt_tokens: 20, completion_tokens: 11, total_tokens: 31 } })}`,
    'data: [DONE]',
  ];
}

function openAiReply(request: RecordedRequest): FakeReply {
  const body = request.body as { model: string; stream?: boolean; tools?: unknown };
  if (body.stream !== true) return { kind: 'json', body: openAiCompletion(body.model, 'Hello there') };
  return {
    kind: 'sse',
    events:
      body.tools === undefined
        ? openAiTextStream(body.model, ['Hel', 'lo', '!'])
        : openAiToolStream(body.model),
  };
}

function anthropicReply(request: RecordedRequest): FakeReply {
  if ((request.body as { stream?: boolean }).stream === true) {
    return { kind: 'sse', events: fixture('anthropic', 'tools-stream').upstream.sse ?? [] };
  }
  return { kind: 'json', body: fixture('anthropic', 'text').upstream.body };
}

const weatherTools = [
  {
    functionDeclarations: [
      {
        name: 'weather',
        parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } },
      },
      { name: 'time', parametersJsonSchema: { type: 'object', properties: { tz: { type: 'string' } } } },
    ],
  },
];

describe('the official @google/genai SDK through Portico', () => {
  const gemini = new FakeUpstream(geminiReply);
  const openAi = new FakeUpstream(openAiReply);
  const anthropic = new FakeUpstream(anthropicReply);
  const busy = new FakeUpstream(() => ({
    kind: 'json',
    status: 429,
    headers: { 'retry-after': '7' },
    body: fixture('gemini', 'error-429').upstream.body,
  }));
  let gateway: TestGateway;
  /** The gateway's origin: Gemini clients add `/v1beta/...` themselves. */
  let origin: string;
  let ai: GoogleGenAI;

  beforeAll(async () => {
    const [geminiBase, openAiBase, anthropicBase, busyBase] = await Promise.all(
      [gemini, openAi, anthropic, busy].map((upstream) => upstream.start()),
    );
    gateway = await startGateway(`
providers:
  - { id: google, type: gemini, api_key: gemini-upstream-key, base_url: "${geminiBase}" }
  - { id: compat, type: openai-compatible, api_key: sk-compat, base_url: "${openAiBase}/v1" }
  - { id: claude, type: anthropic, api_key: sk-ant-key, base_url: "${anthropicBase}" }
  - { id: busy, type: gemini, api_key: busy-key, base_url: "${busyBase}" }
models:
  - { name: gemini-route, targets: [{ provider: google, model: gemini-2.5-flash }] }
  - { name: gpt-route, targets: [{ provider: compat, model: gpt-4o-mini }] }
  - { name: claude-route, targets: [{ provider: claude, model: claude-sonnet-4-5 }] }
  - { name: busy-route, targets: [{ provider: busy, model: gemini-2.5-pro }] }
keys:
  - { name: dev, key: "${devKey}" }
`);
    origin = new URL(gateway.url).origin;
    ai = new GoogleGenAI({ apiKey: devKey, httpOptions: { baseUrl: origin } });
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all([gemini, openAi, anthropic, busy].map((upstream) => upstream.stop()));
  });

  describe('to a Gemini upstream (passthrough)', () => {
    it('sends the client body unchanged and returns the upstream bytes unchanged', async () => {
      const body = {
        contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }],
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        generationConfig: { temperature: 0.3, topK: 5 },
      };
      const response = await fetch(`${origin}/v1beta/models/gemini-route:generateContent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': devKey },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(geminiBytes);
      expect(response.headers.get('x-portico-warnings')).toBeNull();
      const sent = gemini.requests.at(-1);
      expect(sent?.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
      expect(sent?.headers['x-goog-api-key']).toBe('gemini-upstream-key');
      expect(sent?.body).toEqual(body);

      const answer = await ai.models.generateContent({ model: 'gemini-route', contents: 'Say hello' });
      expect(answer.text).toBe('Hello! How can I help you today?');
      expect(answer.usageMetadata?.totalTokenCount).toBe(12);
    });

    it('relays a stream event by event and accounts its usage', async () => {
      const stream = await ai.models.generateContentStream({
        model: 'gemini-route',
        contents: 'Count to three',
      });
      const texts: string[] = [];
      let last: GenerateContentResponse | undefined;
      for await (const chunk of stream) {
        texts.push(chunk.text ?? '');
        last = chunk;
      }
      expect(texts).toEqual(['One,', ' two,', ' three.']);
      expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
      expect(gemini.requests.at(-1)?.url).toBe(
        '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      );
      const line = gateway
        .logs()
        .filter((entry) => entry['msg'] === 'request')
        .at(-1);
      expect(line).toMatchObject({ stream: true, inputTokens: 4, outputTokens: 6, status: 200 });
    });

    it('answers a stream without alt=sse as one JSON array of the upstream chunks', async () => {
      const response = await fetch(
        `${origin}/v1beta/models/gemini-route:streamGenerateContent?key=${devKey}`,
        {
          method: 'POST',
          body: JSON.stringify({ contents: [{ parts: [{ text: 'Count to three' }] }] }),
        },
      );
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const chunks = JSON.parse(await response.text()) as unknown[];
      expect(chunks).toEqual(
        geminiStream.map((event) => JSON.parse(event.slice('data: '.length)) as unknown),
      );
    });

    it('passes countTokens through', async () => {
      const counted = await ai.models.countTokens({ model: 'gemini-route', contents: 'How many?' });
      expect(counted.totalTokens).toBe(42);
      expect(gemini.requests.at(-1)?.url).toBe('/v1beta/models/gemini-2.5-flash:countTokens');
      expect(gemini.requests.at(-1)?.body).toEqual({
        contents: [{ role: 'user', parts: [{ text: 'How many?' }] }],
      });
    });
  });

  describe('to an OpenAI-format upstream (translated)', () => {
    it('answers text with usage, mapping the system instruction and settings', async () => {
      const answer = await ai.models.generateContent({
        model: 'gpt-route',
        contents: 'Hi',
        config: {
          systemInstruction: 'Be brief.',
          temperature: 0.2,
          maxOutputTokens: 50,
          safetySettings: [
            { category: HarmCategory.HARM_CATEGORY_HARASSMENT, threshold: HarmBlockThreshold.BLOCK_NONE },
          ],
        },
      });
      expect(answer.text).toBe('Hello there');
      expect(answer.candidates?.[0]?.finishReason).toBe('STOP');
      expect(answer.modelVersion).toBe('gpt-4o-mini');
      expect(answer.usageMetadata).toEqual({
        promptTokenCount: 9,
        candidatesTokenCount: 3,
        cachedContentTokenCount: 2,
        totalTokenCount: 12,
      });
      expect(answer.sdkHttpResponse?.headers?.['x-portico-warnings']).toBe(
        'safetySettings is not supported when translating from gemini; ignored',
      );
      expect(openAi.requests.at(-1)?.body).toMatchObject({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        ],
        temperature: 0.2,
        max_completion_tokens: 50,
      });
    });

    it('streams text and ends with the finish reason and usage', async () => {
      const stream = await ai.models.generateContentStream({ model: 'gpt-route', contents: 'Hi' });
      let text = '';
      let last: GenerateContentResponse | undefined;
      for await (const chunk of stream) {
        text += chunk.text ?? '';
        last = chunk;
      }
      expect(text).toBe('Hello!');
      expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
      expect(last?.usageMetadata).toEqual({
        promptTokenCount: 7,
        candidatesTokenCount: 3,
        totalTokenCount: 10,
      });
    });

    it('streams two parallel function calls whole, and sends their results back by id', async () => {
      const stream = await ai.models.generateContentStream({
        model: 'gpt-route',
        contents: 'Weather and time in Oslo?',
        config: { tools: weatherTools },
      });
      const calls: FunctionCall[] = [];
      let usage: unknown;
      for await (const chunk of stream) {
        calls.push(...(chunk.functionCalls ?? []));
        usage = chunk.usageMetadata ?? usage;
      }
      expect(calls).toEqual([
        { id: 'call_a', name: 'weather', args: { city: 'Oslo' } },
        { id: 'call_b', name: 'time', args: { tz: 'CET' } },
      ]);
      expect(usage).toEqual({ promptTokenCount: 20, candidatesTokenCount: 11, totalTokenCount: 31 });
      expect(openAi.requests.at(-1)?.body).toMatchObject({
        tools: [
          {
            type: 'function',
            function: {
              name: 'weather',
              parameters: weatherTools[0]?.functionDeclarations[0]?.parametersJsonSchema,
            },
          },
          { type: 'function', function: { name: 'time' } },
        ],
      });

      await ai.models.generateContent({
        model: 'gpt-route',
        contents: [
          { role: 'user', parts: [{ text: 'Weather and time in Oslo?' }] },
          { role: 'model', parts: calls.map((functionCall) => ({ functionCall })) },
          {
            role: 'user',
            parts: [
              { functionResponse: { id: 'call_b', name: 'time', response: { output: '12:00' } } },
              { functionResponse: { id: 'call_a', name: 'weather', response: { temperature: 3 } } },
            ],
          },
        ],
        config: { tools: weatherTools },
      });
      expect(openAi.requests.at(-1)?.body).toMatchObject({
        messages: [
          { role: 'user' },
          {
            role: 'assistant',
            tool_calls: [
              { id: 'call_a', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
              { id: 'call_b', function: { name: 'time', arguments: '{"tz":"CET"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_b', content: '12:00' },
          { role: 'tool', tool_call_id: 'call_a', content: '{"temperature":3}' },
        ],
      });
    });

    it('estimates countTokens locally', async () => {
      const counted = await ai.models.countTokens({ model: 'gpt-route', contents: 'hello world' });
      expect(counted.totalTokens).toBe(2);
      expect(counted.sdkHttpResponse?.headers?.['x-portico-estimate']).toBe('true');
    });
  });

  describe('to an Anthropic upstream (translated)', () => {
    it('answers text with usage', async () => {
      const answer = await ai.models.generateContent({ model: 'claude-route', contents: 'Say hello.' });
      expect(answer.text).toBe('Hello!');
      expect(answer.responseId).toBe('msg_01TextAnswer');
      expect(answer.usageMetadata).toMatchObject({
        promptTokenCount: 11,
        candidatesTokenCount: 5,
        totalTokenCount: 16,
      });
      expect(anthropic.requests.at(-1)?.url).toBe('/v1/messages');
      expect(anthropic.requests.at(-1)?.body).toMatchObject({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
      });
    });

    it('streams text, then the tool calls whole', async () => {
      const stream = await ai.models.generateContentStream({
        model: 'claude-route',
        contents: 'Weather in Paris and time in Tokyo?',
        config: { tools: weatherTools },
      });
      let text = '';
      const calls: unknown[] = [];
      let last: GenerateContentResponse | undefined;
      for await (const chunk of stream) {
        // Read the parts directly: the SDK's `text` getter warns on chunks holding calls.
        for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
          if (part.functionCall !== undefined) calls.push(part.functionCall);
          else text += part.text ?? '';
        }
        last = chunk;
      }
      expect(text).toBe('On it.');
      expect(calls).toEqual([
        { id: 'toolu_01Weather', name: 'get_weather', args: { city: 'Paris' } },
        { id: 'toolu_02Time', name: 'get_time', args: { city: 'Tokyo' } },
      ]);
      expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
      expect(last?.usageMetadata).toMatchObject({ promptTokenCount: 433, candidatesTokenCount: 88 });
    });
  });

  describe('errors and keys', () => {
    it('answers an unknown model with 404 in Gemini shape', async () => {
      const failure = await ai.models
        .generateContent({ model: 'nope', contents: 'x' })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).status).toBe(404);
      const response = await fetch(`${origin}/v1/models/nope:generateContent`, {
        method: 'POST',
        headers: { 'x-goog-api-key': devKey },
        body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }] }),
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({
        error: { code: 404, status: 'NOT_FOUND', message: "The model 'nope' does not exist." },
      });
    });

    it("surfaces an upstream 429 as the SDK's error with status 429", async () => {
      const failure = await ai.models
        .generateContent({ model: 'busy-route', contents: 'x' })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).status).toBe(429);
      expect((failure as ApiError).message).toContain('RESOURCE_EXHAUSTED');
      expect((failure as ApiError).message).toContain('You exceeded your current quota');
    });

    it('accepts the key as ?key= or x-goog-api-key and refuses a wrong one in Gemini shape', async () => {
      const body = JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }] });
      const path = `${origin}/v1beta/models/gpt-route:generateContent`;
      expect((await fetch(`${path}?key=${devKey}`, { method: 'POST', body })).status).toBe(200);
      expect(
        (await fetch(path, { method: 'POST', headers: { 'x-goog-api-key': devKey }, body })).status,
      ).toBe(200);
      const refused = await fetch(`${path}?key=pk-wrong`, { method: 'POST', body });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
      const stranger = new GoogleGenAI({ apiKey: 'pk-wrong', httpOptions: { baseUrl: origin } });
      const failure = await stranger.models
        .generateContent({ model: 'gpt-route', contents: 'x' })
        .catch((error: unknown) => error);
      expect((failure as ApiError).status).toBe(401);
    });

    it('lists the routes as Gemini models', async () => {
      const names: string[] = [];
      for await (const model of await ai.models.list()) names.push(model.name ?? '');
      // Routes are listed in the order they were created; those applied together, by name.
      expect(names).toEqual([
        'models/busy-route',
        'models/claude-route',
        'models/gemini-route',
        'models/gpt-route',
      ]);
      expect((await ai.models.get({ model: 'gpt-route' })).supportedActions).toContain(
        'streamGenerateContent',
      );
    });
  });
});
