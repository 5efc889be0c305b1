import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiTextReply } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const dimeKey = 'pk-test-dime-budget-app-key-0001';
const tokensKey = 'pk-test-tokens-limit-app-key-001';
const crumbKey = 'pk-test-crumb-budget-app-key-001';

/**
 * What a call reserves against budgets and token limits before it runs, through HTTP: output for
 * every choice it asks for (`n`, `candidateCount`), a route's default output reservation when it
 * sets no cap, and the route's cap on choices. gpt-4o costs $2.50 / $10 per 1M input / output
 * tokens and may answer up to 16,384 tokens (src/catalog/models.json).
 */
describe('reservations cover every choice, with one rule for budgets and token limits', () => {
  const upstream = new FakeUpstream(() =>
    openAiTextReply('hi', { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }),
  );
  let gateway: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(`
providers:
  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${base}/v1" }
models:
  - { name: gpt-4o, targets: [{ provider: openai-main, model: gpt-4o }] }
  - { name: two-choices, max_choices: 2, targets: [{ provider: openai-main, model: gpt-4o }] }
  - { name: short-answers, reserved_output_tokens: 500, targets: [{ provider: openai-main, model: gpt-4o }] }
tenants:
  - name: money
    apps:
      - name: dime
        keys: [{ name: dime, key: ${dimeKey} }]
        budgets: [{ period: day, limit_usd: 0.10 }]
      - name: tokens
        keys: [{ name: tokens, key: ${tokensKey} }]
        limits: { tokens_per_minute: 20000 }
      - name: crumb
        keys: [{ name: crumb, key: ${crumbKey} }]
        budgets: [{ period: day, limit_usd: 0.0005 }]
`);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const chat = async (key: string, fields: Record<string, unknown>) => {
    const response = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], ...fields }),
    });
    const body = (await response.json()) as { error?: { code: string; message: string; param?: string } };
    return { status: response.status, headers: response.headers, body };
  };

  it('reserves output for every choice of `n` against a budget', async () => {
    const before = upstream.requests.length;
    // One choice of 2,000 tokens may cost $0.02 and fits $0.10; eight of them ($0.16) do not.
    const eight = await chat(dimeKey, { n: 8, max_tokens: 2_000 });
    expect(eight.status, JSON.stringify(eight.body)).toBe(402);
    expect(eight.body.error?.code).toBe('budget_exceeded');
    expect(eight.body.error?.message).toMatch(
      /^This call may cost up to \$0\.16\d*, more than the whole day budget of \$0\.10/,
    );
    expect(upstream.requests.length).toBe(before);
    expect((await chat(dimeKey, { n: 1, max_tokens: 2_000 })).status).toBe(200);
  });

  it("reserves a route's default output, not the model's whole allowance, when the call sets no cap", async () => {
    // 16,384 tokens × $10 per 1M = $0.16 would never fit $0.10; the default 4,096 tokens ($0.04) does.
    const uncapped = await chat(dimeKey, {});
    expect(uncapped.status).toBe(200);
  });

  it('reserves the same output against a token limit, so the two agree', async () => {
    const uncapped = await chat(tokensKey, {});
    expect(uncapped.status).toBe(200);
    const remaining = Number(uncapped.headers.get('x-ratelimit-remaining-tokens'));
    expect(remaining).toBeLessThanOrEqual(20_000 - 4_096);
    expect(remaining).toBeGreaterThan(20_000 - 4_096 - 100);
    // The first call is settled to its 15 real tokens by now; the next reserves the route's 500.
    const short = await chat(tokensKey, { model: 'short-answers' });
    const used = 20_000 - Number(short.headers.get('x-ratelimit-remaining-tokens'));
    expect(used).toBeGreaterThanOrEqual(15 + 500);
    expect(used).toBeLessThan(15 + 600);
  });

  it('refuses `n` choices that can never fit a token limit', async () => {
    const refused = await chat(tokensKey, { n: 8, max_tokens: 3_000 });
    expect(refused.status).toBe(429);
    expect(refused.body.error?.message).toContain('exceed the limit of 20000 tokens per minute');
  });

  it('refuses more choices than the route allows, in the OpenAI shape, before calling upstream', async () => {
    const before = upstream.requests.length;
    const nine = await chat(tokensKey, { n: 9 });
    expect(nine.status).toBe(400);
    expect(nine.body.error).toMatchObject({ code: 'invalid_request', param: 'n' });
    expect(nine.body.error?.message).toContain('at most 8');
    const three = await chat(tokensKey, { model: 'two-choices', n: 3 });
    expect(three.status).toBe(400);
    expect(three.body.error?.message).toContain('at most 2');
    expect(upstream.requests.length).toBe(before);
    expect((await chat(tokensKey, { model: 'two-choices', n: 2, max_tokens: 10 })).status).toBe(200);
  });

  it('caps Gemini candidateCount the same way, in the Gemini shape', async () => {
    const response = await fetch(`${new URL(gateway.url).origin}/v1beta/models/gpt-4o:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': tokensKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
        generationConfig: { candidateCount: 9 },
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { status: string; message: string } };
    expect(body.error.status).toBe('INVALID_ARGUMENT');
    expect(body.error.message).toContain("'generationConfig.candidateCount' is 9");
  });

  it('shows budget refusals with the digits that make the arithmetic visibly over', async () => {
    let refused: Awaited<ReturnType<typeof chat>> | undefined;
    // Each admitted call settles at $0.000075 (10 input, 5 output tokens); stop at the first refusal.
    for (let call = 0; call < 6 && refused === undefined; call++) {
      const answer = await chat(crumbKey, { max_tokens: 30 });
      if (answer.status !== 200) refused = answer;
    }
    expect(refused?.status).toBe(402);
    const match = /spent: \$([\d.]+) committed \+ up to \$([\d.]+) for this call = \$([\d.]+)\.$/.exec(
      refused?.body.error?.message ?? '',
    );
    expect(match, refused?.body.error?.message).not.toBeNull();
    const [committed, call, total] = [match?.[1], match?.[2], match?.[3]].map(Number) as [
      number,
      number,
      number,
    ];
    expect(committed).toBeGreaterThan(0);
    expect(Math.round((committed + call) * 1e6)).toBe(Math.round(total * 1e6));
    expect(total).toBeGreaterThan(0.0005);
  });
});
