import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiTextStream } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

/**
 * Limits on a route (every caller together) and on calls in flight, through HTTP: the route's
 * requests per minute, and a concurrency cap that frees its slots when streams end.
 */
/** Seconds of an OpenAI-style reset value (`20ms`, `7s`, `1m0s`). */
function resetSeconds(value: string | null | undefined): number {
  const match = /^(?:(\d+)m)?(\d+)(ms|s)$/.exec(value ?? '');
  if (match === null) throw new Error(`not a reset duration: ${value}`);
  const amount = Number(match[2]);
  return Number(match[1] ?? 0) * 60 + (match[3] === 'ms' ? amount / 1000 : amount);
}

describe('route-level limits and concurrency caps', () => {
  const upstream = new FakeUpstream((request) => ({
    kind: 'sse',
    events: openAiTextStream((request.body as { model: string }).model, ['a', 'b', 'c']),
    delayMs: 40,
  }));
  let gateway: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(`
providers:
  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${base}/v1" }
models:
  - { name: five-a-minute, limits: { requests_per_minute: 5 }, targets: [{ provider: openai-main, model: gpt-4o }] }
  - { name: two-at-once, limits: { concurrent: 2 }, targets: [{ provider: openai-main, model: gpt-4o }] }
`);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const stream = (model: string) =>
    fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    }).then(async (response) => ({
      status: response.status,
      headers: response.headers,
      body: await response.text(),
    }));

  it('holds a route to its requests per minute, for all callers together, with Retry-After', async () => {
    const answers = [];
    for (let index = 0; index < 7; index++) answers.push(await stream('five-a-minute'));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(answers[4]?.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    const refused = answers[5];
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ error: { code: 'gateway_rate_limited' } });
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused?.headers.get('x-ratelimit-limit-requests')).toBe('5');
    expect(refused?.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(refused?.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(ms|s|m\d+s)$/);
    // A per-minute limit never reports a reset past its minute, and a refusal's reset is its Retry-After.
    for (const answer of answers) {
      expect(resetSeconds(answer.headers.get('x-ratelimit-reset-requests'))).toBeLessThanOrEqual(60);
    }
    expect(resetSeconds(refused?.headers.get('x-ratelimit-reset-requests'))).toBe(
      Number(refused?.headers.get('retry-after')),
    );
  });

  it('caps calls in flight, and frees each slot when its stream ends', async () => {
    const burst = await Promise.all(Array.from({ length: 6 }, () => stream('two-at-once')));
    const statuses = burst.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429, 429]);
    const refused = burst.find((answer) => answer.status === 429);
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ error: { code: 'too_many_concurrent' } });
    // Both streams finished: the slots are free again.
    const after = await Promise.all([stream('two-at-once'), stream('two-at-once')]);
    expect(after.map((answer) => answer.status)).toEqual([200, 200]);
    expect(after[0]?.body).toContain('data: [DONE]');
  });
});
