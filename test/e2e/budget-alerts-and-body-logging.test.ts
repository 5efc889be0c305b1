import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findCall } from '../../src/telemetry/call-log/query-calls.js';
import { FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const key = 'pk-test-alerting-app-key-00001';

/**
 * A budget's soft threshold posts one webhook per period, and a route that records bodies
 * stores them redacted: both observed from outside, through HTTP and the store.
 */
describe('budget alert webhooks and body logging', () => {
  const upstream = new FakeUpstream(() => ({
    kind: 'json',
    body: {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'mail me at bob@example.org' },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 1_000, completion_tokens: 500, total_tokens: 1_500 },
    },
  }));
  const alerts: Record<string, unknown>[] = [];
  let hook: Server;
  let gateway: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    hook = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        alerts.push(JSON.parse(text) as Record<string, unknown>);
        response.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    gateway = await startGateway(`
webhooks:
  allow_private_targets: ["127.0.0.1"]
providers:
  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${base}/v1" }
models:
  - { name: logged, log_bodies: true, targets: [{ provider: openai-main, model: gpt-4o }] }
tenants:
  - name: watched
    apps:
      - name: app
        keys: [{ name: app, key: ${key} }]
        budgets: [{ period: day, limit_usd: 1, soft_ratio: 0.01, webhook_url: "${hookUrl}" }]
`);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
    await new Promise((resolve) => hook.close(resolve));
  });

  const call = () =>
    fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'logged',
        messages: [
          {
            role: 'user',
            content: 'my email is jane@example.com and my key is sk-proj-abcdefghijklmnop1234',
          },
        ],
      }),
    });

  it('posts the soft-threshold alert once when spend crosses it', async () => {
    // 0.0075 USD per call; the threshold is 1% of 1 USD: the second call crosses it.
    for (let index = 0; index < 4; index++) expect((await call()).status).toBe(200);
    await expect.poll(() => alerts.length, { timeout: 5_000, interval: 50 }).toBeGreaterThan(0);
    // Time for a wrong second alert to arrive: "once" is a claim about what does not come.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      type: 'budget.soft_threshold_reached',
      scope: 'app',
      period: 'day',
      limitUsd: 1,
    });
    expect(Number(alerts[0]?.['spentUsd'])).toBeCloseTo(0.015, 9);
  });

  it('stores the bodies of a route that records them, with emails and keys redacted', async () => {
    const response = await call();
    const requestId = response.headers.get('x-request-id') ?? '';
    await response.text();
    const stored = await vi.waitFor(
      async () => {
        const found = await findCall(gateway.store, requestId);
        expect(found).toBeDefined();
        return found;
      },
      { timeout: 5_000, interval: 100 },
    );
    expect(stored?.hasBodies).toBe(true);
    const request = stored?.bodies?.request ?? '';
    expect(request).toContain('my email is');
    expect(request).not.toContain('jane@example.com');
    expect(request).not.toContain('sk-proj-abcdefghijklmnop1234');
    expect(stored?.bodies?.response).toContain('mail me at');
    expect(stored?.bodies?.response).not.toContain('bob@example.org');
  });
});
