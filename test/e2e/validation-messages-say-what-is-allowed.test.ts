import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiCompletion } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const user = [{ role: 'user', content: 'hi' }];

/** A refused field per dialect, and the sentence that must name it with what it allows. */
const cases: { dialect: string; path: string; body: Record<string, unknown>; message: string }[] = [
  {
    dialect: 'OpenAI chat',
    path: '/v1/chat/completions',
    body: { model: 'm', messages: user, max_tokens: -1 },
    message: "Invalid 'max_tokens': must be an integer >= 1 or null.",
  },
  {
    dialect: 'OpenAI chat',
    path: '/v1/chat/completions',
    body: { model: 'm', messages: user, n: 0 },
    message: "Invalid 'n': must be an integer from 1 to 128 or null.",
  },
  {
    dialect: 'OpenAI chat',
    path: '/v1/chat/completions',
    body: { model: 'm', messages: user, temperature: 5 },
    message: "Invalid 'temperature': must be a number from 0 to 2 or null.",
  },
  {
    dialect: 'OpenAI Responses',
    path: '/v1/responses',
    body: { model: 'm', input: 'hi', max_output_tokens: -1 },
    message: "Invalid 'max_output_tokens': must be an integer >= 1 or null.",
  },
  {
    dialect: 'OpenAI Responses',
    path: '/v1/responses',
    body: { model: 'm', input: 'hi', temperature: 5 },
    message: "Invalid 'temperature': must be a number from 0 to 2 or null.",
  },
  {
    dialect: 'Anthropic Messages',
    path: '/v1/messages',
    body: { model: 'm', messages: user, max_tokens: -1 },
    message: "Invalid 'max_tokens': must be an integer >= 1.",
  },
  {
    dialect: 'Anthropic Messages',
    path: '/v1/messages',
    body: { model: 'm', messages: user, max_tokens: 10, temperature: 5 },
    message: "Invalid 'temperature': must be a number from 0 to 1.",
  },
  {
    dialect: 'Gemini',
    path: '/v1beta/models/m:generateContent',
    body: {
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      generationConfig: { maxOutputTokens: -1 },
    },
    message: "Invalid 'generationConfig.maxOutputTokens': must be an integer >= 1.",
  },
  {
    dialect: 'Gemini',
    path: '/v1beta/models/m:generateContent',
    body: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { temperature: 5 } },
    message: "Invalid 'generationConfig.temperature': must be a number from 0 to 2.",
  },
];

/** Reads the error message of any dialect's error body. */
function messageOf(body: unknown): string {
  const error = typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
  return typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : '';
}

/**
 * A refused number says which field and what it allows (type and range), in every dialect:
 * a union such as "integer >= 1 or null" is not reported by its last branch ("must be null").
 */
describe('validation messages say what is allowed', () => {
  const upstream = new FakeUpstream(() => ({ kind: 'json', body: openAiCompletion('gpt-4o', 'unused') }));
  let gateway: TestGateway;
  let origin = '';

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(`
providers:
  - { id: gpt, type: openai, api_key: sk-test, base_url: "${base}/v1" }
models:
  - { name: m, targets: [{ provider: gpt, model: gpt-4o }] }
`);
    origin = new URL(gateway.url).origin;
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it.each(cases)('$dialect: $message', async ({ path, body, message }) => {
    const response = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(messageOf(await response.json())).toBe(message);
    expect(upstream.requests).toHaveLength(0);
  });
});
