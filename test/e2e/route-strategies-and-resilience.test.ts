import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeUpstream,
  openAiCompletion,
  type FakeReply,
  type RecordedRequest,
} from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

type Handler = (request: RecordedRequest) => FakeReply;
const ok = (text: string): FakeReply => ({ kind: 'json', body: openAiCompletion('m', text) });
const fail = (status: number, headers: Record<string, string> = {}): FakeReply => ({
  kind: 'json',
  status,
  headers,
  body: { error: { message: `failed with ${status}` } },
});

describe('route strategies, retries, breakers and credentials', () => {
  const a = new FakeUpstream(() => ok('from a'));
  const b = new FakeUpstream(() => ok('from b'));
  let urlA = '';
  let urlB = '';
  let gateway: TestGateway | undefined;

  beforeAll(async () => {
    [urlA, urlB] = await Promise.all([a.start(), b.start()]);
  });
  afterAll(() => Promise.all([a.stop(), b.stop()]));
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  async function start(route: string, providerExtra = ''): Promise<TestGateway> {
    gateway = await startGateway(`
providers:
  - { id: a, type: openai-compatible, base_url: "${urlA}/v1"${providerExtra} }
  - { id: b, type: openai-compatible, base_url: "${urlB}/v1" }
models:
  - name: r
${route}
`);
    return gateway;
  }
  function setHandlers(handlerA: Handler, handlerB: Handler): void {
    a.setHandler(handlerA);
    b.setHandler(handlerB);
  }
  async function ask(
    g: TestGateway,
    headers: Record<string, string> = {},
  ): Promise<{ text: string; status: number; attempts: string | null }> {
    const response = await fetch(`${g.url}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: 'r', messages: [{ role: 'user', content: 'x' }] }),
    });
    const body = (await response.json()) as { choices?: { message: { content: string } }[] };
    return {
      text: body.choices?.[0]?.message.content ?? '',
      status: response.status,
      attempts: response.headers.get('x-portico-attempts'),
    };
  }

  it('retries a target with backoff before falling back, and succeeds when it recovers', async () => {
    let calls = 0;
    setHandlers(
      () => (++calls <= 2 ? fail(500) : ok('a recovered')),
      () => ok('from b'),
    );
    const g = await start(`    targets: [{ provider: a, model: m }, { provider: b, model: m }]
    retries: { attempts: 2, backoff_ms: 5, max_backoff_ms: 50 }`);
    expect(await ask(g)).toEqual({ text: 'a recovered', status: 200, attempts: '3' });
  });

  it('moves on instead of waiting when Retry-After exceeds the longest backoff', async () => {
    setHandlers(
      () => fail(429, { 'retry-after': '30' }),
      () => ok('from b'),
    );
    const g = await start(`    targets: [{ provider: a, model: m }, { provider: b, model: m }]
    retries: { attempts: 3, backoff_ms: 5, max_backoff_ms: 1000 }`);
    expect(await ask(g)).toEqual({ text: 'from b', status: 200, attempts: '2' });
  });

  it('honours a short Retry-After when retrying', async () => {
    let calls = 0;
    setHandlers(
      () => (++calls === 1 ? fail(429, { 'retry-after': '0' }) : ok('a after wait')),
      () => ok('from b'),
    );
    const g = await start(`    targets: [{ provider: a, model: m }, { provider: b, model: m }]
    retries: { attempts: 1, backoff_ms: 5 }`);
    expect(await ask(g)).toEqual({ text: 'a after wait', status: 200, attempts: '2' });
  });

  it('opens the circuit after repeated failures, skips the target, then probes it after the cooldown', async () => {
    let healthy = false;
    setHandlers(
      () => (healthy ? ok('a is back') : fail(503)),
      () => ok('from b'),
    );
    const g = await start(`    targets: [{ provider: a, model: m }, { provider: b, model: m }]
    circuit_breaker: { failures: 2, window_ms: 10000, cooldown_ms: 300 }`);
    await ask(g);
    await ask(g);
    const callsBefore = a.requests.length;
    expect(await ask(g)).toEqual({ text: 'from b', status: 200, attempts: '1' });
    expect(a.requests.length).toBe(callsBefore);
    const skipped = g
      .logs()
      .filter((line) => line['msg'] === 'request')
      .at(-1)?.['attempts'];
    expect(skipped).toMatchObject([{ provider: 'a', skipped: 'circuit_open' }, { provider: 'b' }]);
    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await ask(g)).text).toBe('a is back');
    expect((await ask(g)).text).toBe('a is back');
  });

  it('round-robin alternates between targets', async () => {
    setHandlers(
      () => ok('from a'),
      () => ok('from b'),
    );
    const g = await start(`    strategy: round-robin
    targets: [{ provider: a, model: m }, { provider: b, model: m }]`);
    const answers: string[] = [];
    for (let index = 0; index < 6; index++) answers.push((await ask(g)).text);
    expect(answers).toEqual(['from a', 'from b', 'from a', 'from b', 'from a', 'from b']);
  });

  it('weighted splits by weight, and a weight of 0 receives nothing', async () => {
    setHandlers(
      () => ok('from a'),
      () => ok('from b'),
    );
    const g = await start(`    strategy: weighted
    targets: [{ provider: a, model: m, weight: 0 }, { provider: b, model: m, weight: 1 }]`);
    for (let index = 0; index < 20; index++) expect((await ask(g)).text).toBe('from b');
    await g.close();
    const split = await start(`    strategy: weighted
    targets: [{ provider: a, model: m, weight: 1 }, { provider: b, model: m, weight: 1 }]`);
    const counts = { a: 0, b: 0 };
    for (let index = 0; index < 200; index++) counts[(await ask(split)).text === 'from a' ? 'a' : 'b']++;
    // Binomial(200, 0.5): below 60 on either side has probability < 1e-8.
    expect(counts.a).toBeGreaterThan(60);
    expect(counts.b).toBeGreaterThan(60);
  });

  it('canary assignment is sticky per header value', async () => {
    setHandlers(
      () => ok('from a'),
      () => ok('from b'),
    );
    const g = await start(`    strategy: canary
    sticky: header:x-user
    targets: [{ provider: a, model: m, weight: 9 }, { provider: b, model: m, weight: 1 }]`);
    const seen = new Map<string, Set<string>>();
    for (let user = 0; user < 40; user++) {
      for (let repeat = 0; repeat < 3; repeat++) {
        const text = (await ask(g, { 'x-user': `user-${user}` })).text;
        seen.set(`user-${user}`, (seen.get(`user-${user}`) ?? new Set()).add(text));
      }
    }
    expect([...seen.values()].every((targets) => targets.size === 1)).toBe(true);
    const onB = [...seen.values()].filter((targets) => targets.has('from b')).length;
    expect(onB).toBeGreaterThan(0);
    expect(onB).toBeLessThan(20);
  });

  it('least-latency prefers the faster target once both were measured', async () => {
    // a answers after 80 ms, b at once.
    setHandlers(
      () => ({
        kind: 'sse',
        headers: { 'content-type': 'application/json' },
        events: [JSON.stringify(openAiCompletion('m', 'from a'))],
        delayMs: 80,
      }),
      () => ok('from b'),
    );
    const g = await start(`    strategy: least-latency
    targets: [{ provider: a, model: m }, { provider: b, model: m }]`);
    const first = [(await ask(g)).text, (await ask(g)).text];
    expect(new Set(first)).toEqual(new Set(['from a', 'from b']));
    for (let index = 0; index < 5; index++) expect((await ask(g)).text).toBe('from b');
  });

  it('spreads calls over several credentials and rests one that answered 429', async () => {
    const keysSeen: string[] = [];
    setHandlers(
      (request) => {
        const key = String(request.headers.authorization);
        keysSeen.push(key);
        return key === 'Bearer key-one' && keysSeen.filter((seen) => seen === key).length === 2
          ? fail(429, { 'retry-after': '60' })
          : ok('from a');
      },
      () => ok('from b'),
    );
    const g = await start(
      `    targets: [{ provider: a, model: m }, { provider: b, model: m }]`,
      ', api_keys: [key-one, key-two]',
    );
    for (let index = 0; index < 6; index++) await ask(g);
    expect(keysSeen.slice(0, 3)).toEqual(['Bearer key-one', 'Bearer key-two', 'Bearer key-one']);
    // key-one answered 429 on its second use; from then on only key-two is used.
    expect(keysSeen.slice(3).every((key) => key === 'Bearer key-two')).toBe(true);
  });

  it('falls back on a content-filter refusal when the route asks for it', async () => {
    const refused = openAiCompletion('m', '');
    (
      refused['choices'] as { finish_reason: string; message: { content: string | null } }[]
    )[0]!.finish_reason = 'content_filter';
    setHandlers(
      () => ({ kind: 'json', body: refused }),
      () => ok('from b'),
    );
    const g = await start(`    targets: [{ provider: a, model: m }, { provider: b, model: m }]
    fallback_on: [rate_limit, server_error, timeout, connection, content_filter]`);
    expect(await ask(g)).toEqual({ text: 'from b', status: 200, attempts: '2' });
  });

  it('does not fall back on failures the route does not list', async () => {
    setHandlers(
      () => fail(500),
      () => ok('from b'),
    );
    const g = await start(`    targets: [{ provider: a, model: m }, { provider: b, model: m }]
    fallback_on: [rate_limit]`);
    expect((await ask(g)).status).toBe(502);
  });
});
