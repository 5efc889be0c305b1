import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, type AdminClient } from '../support/admin-client.js';
import { FakeUpstream, openAiTextReply } from '../support/fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

const budgetedKey = 'pk-test-budgeted-app-key-000001';
const freeKey = 'pk-test-unbudgeted-app-key-00001';

// Every answer reports 1,000 input and 500 output tokens.
const usage = { prompt_tokens: 1_000, completion_tokens: 500, total_tokens: 1_500 };
const costAt = (input: number, output: number): number => (1_000 * input + 500 * output) / 1e6;

const providersAndRoutes = (base: string, tunedPrices: string) => `
providers:
  - { id: local, type: openai-compatible, base_url: "${base}/v1" }
  - id: tuned
    type: openai-compatible
    base_url: "${base}/v1"
    prices: { ${tunedPrices} }
models:
  - { name: mystery, targets: [{ provider: local, model: llama-house }] }
  - { name: tuned, targets: [{ provider: tuned, model: ft-support-v2 }] }
tenants:
  - name: shop
    apps:
      - name: budgeted
        keys: [{ name: budgeted, key: ${budgetedKey} }]
        budgets: [{ period: day, limit_usd: 5 }]
      - name: free
        keys: [{ name: free, key: ${freeKey} }]
`;

/**
 * Models the catalogue does not know (self-hosted, fine-tuned) are never free under a budget:
 * a call that may reach one is refused until an admin prices it, in the config file, through
 * the admin API, or with a default price.
 */
describe('prices for custom models, and budgets over unpriced ones', () => {
  const upstream = new FakeUpstream(() => openAiTextReply('hi', usage, 'custom'));
  let base: string;
  let gateway: TestGateway;
  let admin: AdminClient;
  let cookie: string;

  beforeAll(async () => {
    base = await upstream.start();
    gateway = await startGateway(
      providersAndRoutes(base, '"ft-support-v2": { input: 100, output: 200, cached_input: 50 }'),
      {},
      { controlPlane: true },
    );
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    admin = adminClient(adminUrl, { cookie }, undefined);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const chat = async (origin: string, key: string, model: string) => {
    const response = await fetch(`${origin}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await response.json()) as { error?: { code: string; message: string } };
    return { status: response.status, cost: response.headers.get('x-portico-cost-usd'), body };
  };

  it('refuses a budgeted call to an unpriced model with a clear code, before calling upstream', async () => {
    const before = upstream.requests.length;
    const refused = await chat(gateway.url, budgetedKey, 'mystery');
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('model_unpriced');
    expect(refused.body.error?.message).toContain('Model local/llama-house has no price');
    expect(refused.body.error?.message).toContain("provider's `prices`");
    expect(upstream.requests.length).toBe(before);
  });

  it('lets calls under no budget through, with no cost claimed', async () => {
    const answer = await chat(gateway.url, freeKey, 'mystery');
    expect(answer.status).toBe(200);
    expect(answer.cost).toBeNull();
  });

  it('prices a fine-tuned model from its provider entry in the config file', async () => {
    const answer = await chat(gateway.url, budgetedKey, 'tuned');
    expect(answer.status).toBe(200);
    expect(Number(answer.cost)).toBeCloseTo(costAt(100, 200), 9);
  });

  it('takes prices set through the admin API, stored with the provider and shown back', async () => {
    const changed = await admin.put('/api/admin/providers/local', {
      type: 'openai-compatible',
      base_url: `${base}/v1`,
      prices: { '*': { input: 1, output: 3 } },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body['prices']).toEqual({ '*': { input: 1, output: 3 } });
    const answer = await chat(gateway.url, budgetedKey, 'mystery');
    expect(answer.status).toBe(200);
    expect(Number(answer.cost)).toBeCloseTo(costAt(1, 3), 9);
    // Config as code: the exported document carries the prices back out.
    const exported = await fetch(`${gateway.adminUrl ?? ''}/api/admin/export`, { headers: { cookie } });
    const yaml = await exported.text();
    expect(yaml).toMatch(/prices:\s+"\*":\s+input: 1\s+output: 3/);
    expect(yaml).toContain('ft-support-v2:');
  });

  it('prices what nothing else prices at pricing.default when one is configured', async () => {
    const withDefault = await startGateway(
      `pricing:\n  default: { input: 7, output: 9 }\n${providersAndRoutes(base, '"ft-support-v2": { input: 100, output: 200 }')}`,
    );
    try {
      const answer = await chat(withDefault.url, budgetedKey, 'mystery');
      expect(answer.status).toBe(200);
      expect(Number(answer.cost)).toBeCloseTo(costAt(7, 9), 9);
      // A provider's own price still wins over the default.
      expect(Number((await chat(withDefault.url, budgetedKey, 'tuned')).cost)).toBeCloseTo(
        costAt(100, 200),
        9,
      );
    } finally {
      await withDefault.close();
    }
  });
});
