import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiTextStream } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

// gpt-4o list prices in src/catalog/models.json: input 2.5, cached input 1.25, output 10 USD per 1M tokens.
const usage = {
  prompt_tokens: 1_000,
  completion_tokens: 500,
  total_tokens: 1_500,
  prompt_tokens_details: { cached_tokens: 200 },
};
const expectedCost = (800 * 2.5 + 200 * 1.25 + 500 * 10) / 1e6;

describe('cost, context window and model facts from the catalogue', () => {
  const upstream = new FakeUpstream((request) => {
    const body = request.body as { stream?: boolean };
    if (body.stream === true) {
      const events = openAiTextStream('gpt-4o', ['hi']);
      events.splice(
        -2,
        1,
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [], usage })}`,
      );
      return { kind: 'sse', events };
    }
    return {
      kind: 'json',
      body: {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o',
        choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
        usage,
      },
    };
  });
  let gateway: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(`
providers:
  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${base}/v1" }
  - { id: local, type: openai-compatible, base_url: "${base}/v1" }
models:
  - { name: gpt-4o, targets: [{ provider: openai-main, model: gpt-4o }] }
  - { name: mystery, targets: [{ provider: local, model: not-in-catalogue }] }
`);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const chat = (model: string, extra: Record<string, unknown> = {}): Promise<Response> =>
    fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], ...extra }),
    });
  const lastLine = (): Record<string, unknown> | undefined =>
    gateway
      .logs()
      .filter((line) => line['msg'] === 'request')
      .at(-1);

  it('prices a call from reported usage, cached tokens at their own price, in a header and the log', async () => {
    const response = await chat('gpt-4o');
    expect(Number(response.headers.get('x-portico-cost-usd'))).toBeCloseTo(expectedCost, 9);
    await response.text();
    expect(lastLine()?.['costUsd']).toBeCloseTo(expectedCost, 9);
  });

  it('prices a streamed call in the log once its usage arrived', async () => {
    const response = await chat('gpt-4o', { stream: true });
    await response.text();
    expect(lastLine()?.['costUsd']).toBeCloseTo(expectedCost, 9);
  });

  it('leaves cost out for a model the catalogue does not price', async () => {
    const response = await chat('mystery');
    expect(response.headers.get('x-portico-cost-usd')).toBeNull();
    await response.text();
    expect(lastLine()).not.toHaveProperty('costUsd');
  });

  it('refuses a request beyond the context window before calling the provider', async () => {
    const before = upstream.requests.length;
    const response = await chat('gpt-4o', { messages: [{ role: 'user', content: 'word '.repeat(140_000) }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('context_length_exceeded');
    expect(body.error.message).toContain('128000');
    expect(upstream.requests.length).toBe(before);
  });

  it('describes routes in /v1/models with the catalogue facts', async () => {
    const models = (await (await fetch(`${gateway.url}/models`)).json()) as {
      data: Record<string, unknown>[];
    };
    const gpt = models.data.find((model) => model['id'] === 'gpt-4o');
    expect(gpt).toMatchObject({
      context_window: 128000,
      max_output_tokens: 16384,
      capabilities: { tools: true, vision: true },
    });
    expect(models.data.find((model) => model['id'] === 'mystery')).not.toHaveProperty('context_window');
  });
});
