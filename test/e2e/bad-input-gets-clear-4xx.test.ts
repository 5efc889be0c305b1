import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiCompletion } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

interface Case {
  name: string;
  path?: string;
  method?: string;
  body: string | Buffer;
  status: number;
  code: string;
  param?: string;
}

const chat = (fields: Record<string, unknown>): string =>
  JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], ...fields });

const cases: Case[] = [
  { name: 'malformed JSON', body: '{"model": "gpt-4o", ', status: 400, code: 'invalid_json' },
  { name: 'empty body', body: '', status: 400, code: 'invalid_json' },
  { name: 'JSON that is not an object', body: '[1,2]', status: 400, code: 'invalid_request' },
  {
    name: 'missing model',
    body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'model of the wrong type',
    body: chat({ model: 42 }),
    status: 400,
    code: 'invalid_request',
    param: 'model',
  },
  {
    name: 'messages missing',
    body: JSON.stringify({ model: 'gpt-4o' }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'messages empty',
    body: chat({ messages: [] }),
    status: 400,
    code: 'invalid_request',
    param: 'messages',
  },
  {
    name: 'unknown role',
    body: chat({ messages: [{ role: 'robot', content: 'x' }] }),
    status: 400,
    code: 'invalid_request',
    param: 'messages[0].role',
  },
  {
    name: 'content of the wrong type',
    body: chat({ messages: [{ role: 'user', content: 5 }] }),
    status: 400,
    code: 'invalid_request',
    param: 'messages[0].content',
  },
  {
    name: 'temperature out of range',
    body: chat({ temperature: 9 }),
    status: 400,
    code: 'invalid_request',
    param: 'temperature',
  },
  {
    name: 'stream not a boolean',
    body: chat({ stream: 'yes' }),
    status: 400,
    code: 'invalid_request',
    param: 'stream',
  },
  {
    name: 'tool without a name',
    body: chat({ tools: [{ type: 'function', function: {} }] }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'bad response_format',
    body: chat({ response_format: { type: 'yaml' } }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'tool message without tool_call_id',
    body: chat({ messages: [{ role: 'tool', content: 'x' }] }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'assistant message with nothing in it',
    body: chat({ messages: [{ role: 'assistant' }] }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'user message without content',
    body: chat({ messages: [{ role: 'user' }] }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'two tools with one name',
    body: chat({
      tools: [
        { type: 'function', function: { name: 'a' } },
        { type: 'function', function: { name: 'a' } },
      ],
    }),
    status: 400,
    code: 'invalid_request',
    param: 'tools[1].function.name',
  },
  {
    name: 'unknown model',
    body: chat({ model: 'no-such-model' }),
    status: 404,
    code: 'model_not_found',
    param: 'model',
  },
  {
    name: 'direct model on an unknown provider',
    body: chat({ model: 'nobody/gpt-4o' }),
    status: 404,
    code: 'model_not_found',
  },
  {
    name: 'body over the limit',
    body: Buffer.alloc(2 * 1024 * 1024, 0x20),
    status: 413,
    code: 'body_too_large',
  },
  { name: 'unknown path', path: '/v1/nothing', body: '{}', status: 404, code: 'not_found' },
  {
    name: 'wrong method',
    path: '/v1/chat/completions',
    method: 'PUT',
    body: chat({}),
    status: 405,
    code: 'method_not_allowed',
  },
  {
    name: 'embeddings without input',
    path: '/v1/embeddings',
    body: JSON.stringify({ model: 'gpt-4o' }),
    status: 400,
    code: 'invalid_request',
  },
];

describe('bad input gets a clear 4xx in the OpenAI error shape and changes nothing', () => {
  const upstream = new FakeUpstream(() => ({ kind: 'json', body: openAiCompletion('m', 'ok') }));
  let gateway: TestGateway;
  let origin: string;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(`
server:
  max_body_mb: 1
providers:
  - id: up
    type: openai-compatible
    base_url: ${base}/v1
models:
  - name: gpt-4o
    targets: [{ provider: up, model: m }]
`);
    origin = gateway.url.replace(/\/v1$/, '');
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  for (const testCase of cases) {
    it(`${testCase.name} → ${testCase.status} ${testCase.code}`, async () => {
      const before = upstream.requests.length;
      const response = await fetch(`${origin}${testCase.path ?? '/v1/chat/completions'}`, {
        method: testCase.method ?? 'POST',
        headers: { 'content-type': 'application/json' },
        body: testCase.body,
      });
      expect(response.status).toBe(testCase.status);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      const body = (await response.json()) as {
        error: { message: string; type: string; code: string; param: string | null };
      };
      expect(body.error.code).toBe(testCase.code);
      expect(body.error.type).toBe('invalid_request_error');
      expect(body.error.message.length).toBeGreaterThan(10);
      if (testCase.param !== undefined) expect(body.error.param).toBe(testCase.param);
      expect(upstream.requests.length).toBe(before);
    });
  }

  it('still serves a good request after all of the above', async () => {
    const response = await fetch(`${origin}/v1/chat/completions`, { method: 'POST', body: chat({}) });
    expect(response.status).toBe(200);
  });

  it('never answered 500 and logged every request once', () => {
    const lines = gateway.logs().filter((entry) => entry['msg'] === 'request');
    expect(lines.length).toBe(cases.length + 1);
    expect(lines.some((line) => (line['status'] as number) >= 500)).toBe(false);
  });
});
