import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminClient, type AdminClient, type JsonObject } from '../support/admin-client.js';
import { FakeUpstream, openAiTextReply } from '../support/fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();

// gpt-4o in src/catalog/models.json: 2.5 USD input, 10 USD output per 1M tokens.
const usage = { prompt_tokens: 1_000, completion_tokens: 500, total_tokens: 1_500 };
const callCost = (1_000 * 2.5 + 500 * 10) / 1e6; // 0.0075 USD

/**
 * The management plane end to end, through both real HTTP interfaces and the official SDK: an
 * admin builds a tenant, app, key and gated route; the call is refused until the subscription
 * is approved, then served, priced and logged; then limits and budgets refuse with 429 and 402.
 */
describe.each(storeTargets)('governance, end to end, on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const upstream = new FakeUpstream(() => openAiTextReply('hi', usage));
  let gateway: TestGateway;
  let admin: AdminClient;
  let drop: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    if (skip) return;
    const base = await upstream.start();
    const created = await target.create();
    drop = () => created.drop();
    gateway = await startGateway(
      `
providers:
  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${base}/v1" }
`,
      {},
      { storeUrl: created.url, controlPlane: true },
    );
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    admin = adminClient(adminUrl, { cookie }, undefined);
  });
  afterAll(async () => {
    if (skip) return;
    await gateway.close();
    await upstream.stop();
    await drop();
  });

  const ok = <T = JsonObject>(response: { status: number; body: T }, status = 200): T => {
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response.body;
  };

  it.skipIf(skip)(
    'admin → tenant → app → key → subscription → approval → call → log → limits → budget → revocation',
    async () => {
      const tenant = ok(await admin.post('/api/admin/tenants', { name: 'team-a' }), 201);
      const app = ok(
        await admin.post(`/api/admin/tenants/${String(tenant['id'])}/apps`, { name: 'bot' }),
        201,
      );
      const appId = String(app['id']);
      const key = ok(await admin.post(`/api/admin/apps/${appId}/keys`, { name: 'prod' }), 201);
      const secret = String(key['key']);
      expect(secret).toMatch(/^pk-/);
      const route = ok(
        await admin.post('/api/admin/routes', {
          name: 'gated',
          spec: { targets: [{ provider: 'openai-main', model: 'gpt-4o' }] },
          visibility: 'shared',
          lifecycle: 'published',
          requires_approval: true,
        }),
        201,
      );

      const client = new OpenAI({ apiKey: secret, baseURL: gateway.url, maxRetries: 0 });
      const ask = () =>
        client.chat.completions.create({ model: 'gated', messages: [{ role: 'user', content: 'hi' }] });

      await expect(ask()).rejects.toMatchObject({ status: 403, code: 'subscription_required' });
      const subscription = ok(
        await admin.post(`/api/admin/apps/${appId}/subscriptions`, { route: 'gated' }),
        201,
      );
      expect(subscription['status']).toBe('pending');
      await expect(ask()).rejects.toMatchObject({ status: 403, code: 'subscription_pending' });
      ok(await admin.post(`/api/admin/subscriptions/${String(subscription['id'])}/approve`, {}));

      const { data, response } = await ask().withResponse();
      expect(data.choices[0]?.message.content).toBe('hi');
      expect(Number(response.headers.get('x-portico-cost-usd'))).toBeCloseTo(callCost, 9);
      const requestId = response.headers.get('x-request-id') ?? '';

      // The call log is written in batches off the request path; it shows up within a flush interval.
      const logged = await vi.waitFor(
        async () => {
          const found = await admin.get(`/api/admin/logs/${requestId}`);
          expect(found.status).toBe(200);
          return found.body;
        },
        { timeout: 4_000, interval: 100 },
      );
      expect(logged).toMatchObject({
        requestId,
        route: 'gated',
        provider: 'openai-main',
        status: 200,
        inputTokens: 1_000,
      });
      expect(Number(logged?.['costUsd'])).toBeCloseTo(callCost, 9);

      const listed = ok(await admin.get('/api/admin/logs?route=gated&status=ok'));
      expect((listed['items'] as JsonObject[]).map((item) => item['requestId'])).toContain(requestId);
      const now = Date.now();
      const analytics = ok(
        await admin.get(
          `/api/admin/analytics?granularity=minute&from=${now - 3_600_000}&to=${now + 60_000}&group_by=route`,
        ),
      );
      // Summed over buckets (the calls may straddle a minute): the two 403s and the served call.
      const rows = (analytics['items'] as JsonObject[]).filter(
        (item) => (item['group'] as JsonObject)['route'] === 'gated',
      );
      const sum = (field: string) => rows.reduce((total, item) => total + Number(item[field]), 0);
      expect([sum('requests'), sum('errors'), sum('inputTokens'), sum('outputTokens')]).toEqual([
        3, 2, 1_000, 500,
      ]);
      expect(sum('costUsd')).toBeCloseTo(callCost, 9);
      expect((await admin.get(`/api/admin/analytics?granularity=minute&from=0&to=${now}`)).status).toBe(400);

      const audit = ok(await admin.get(`/api/admin/audit?action=subscription.approve`));
      expect((audit['items'] as JsonObject[]).length).toBe(1);

      // Requests per minute on the key: the third call in the minute is refused with Retry-After.
      ok(await admin.put(`/api/admin/limits/key/${String(key['id'])}`, { requests_per_minute: 2 }));
      const limited = await ask().withResponse();
      expect(limited.response.headers.get('x-ratelimit-limit-requests')).toBe('2');
      await ask();
      const refused = await ask().catch((error: unknown) => error);
      expect(refused).toMatchObject({ status: 429, code: 'gateway_rate_limited' });
      expect(
        Number((refused as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')),
      ).toBeGreaterThan(0);
      ok(await admin.delete(`/api/admin/limits/key/${String(key['id'])}`), 204);

      // A daily app budget, created after three served calls (0.0225 USD): it starts from that
      // spend (written to the store within a second). Each call reserves its ceiling (input
      // estimate + max_tokens at list price, ~0.006 USD) and settles at the real 0.0075 USD, so
      // 0.02 USD of room takes two more calls and refuses the third.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const limitUsd = 3 * callCost + 0.02;
      ok(await admin.put(`/api/admin/budgets/app/${appId}/day`, { limit_usd: limitUsd }));
      let served = 0;
      let refusal: unknown;
      for (let attempt = 0; attempt < 10 && refusal === undefined; attempt++) {
        await client.chat.completions
          .create({ model: 'gated', max_tokens: 600, messages: [{ role: 'user', content: 'hi' }] })
          .then(() => served++)
          .catch((error: unknown) => (refusal = error));
      }
      expect(refusal).toMatchObject({ status: 402, code: 'budget_exceeded' });
      expect(served).toBe(2);
      // Spend is persisted within about a second (longer on a loaded host): poll the stored figure.
      await expect
        .poll(async () => Number(ok(await admin.get(`/api/admin/budgets/app/${appId}/day`))['spent_usd']), {
          timeout: 15_000,
          interval: 100,
        })
        .toBeCloseTo(5 * callCost, 9);

      // Revocation counts from the next request.
      ok(await admin.post(`/api/admin/keys/${String(key['id'])}/revoke`, {}));
      await expect(ask()).rejects.toMatchObject({ status: 401, code: 'key_revoked' });
      expect(route['name']).toBe('gated');
    },
  );

  it.skipIf(skip)("keeps a tenant's private route invisible and uncallable for other tenants", async () => {
    const keyFor = async (tenantName: string): Promise<{ tenantId: string; secret: string }> => {
      const tenant = ok(await admin.post('/api/admin/tenants', { name: tenantName }), 201);
      const app = ok(
        await admin.post(`/api/admin/tenants/${String(tenant['id'])}/apps`, { name: 'app' }),
        201,
      );
      const key = ok(await admin.post(`/api/admin/apps/${String(app['id'])}/keys`, { name: 'k' }), 201);
      return { tenantId: String(tenant['id']), secret: String(key['key']) };
    };
    const owner = await keyFor('owner-co');
    const other = await keyFor('other-co');
    ok(
      await admin.post('/api/admin/routes', {
        name: 'owner-private',
        spec: { targets: [{ provider: 'openai-main', model: 'gpt-4o' }] },
        tenant_id: owner.tenantId,
        visibility: 'private',
        lifecycle: 'published',
      }),
      201,
    );
    const models = async (secret: string) => {
      const client = new OpenAI({ apiKey: secret, baseURL: gateway.url, maxRetries: 0 });
      const ids: string[] = [];
      for await (const model of client.models.list()) ids.push(model.id);
      return { client, ids };
    };
    const mine = await models(owner.secret);
    expect(mine.ids).toContain('owner-private');
    await mine.client.chat.completions.create({
      model: 'owner-private',
      messages: [{ role: 'user', content: 'x' }],
    });
    const theirs = await models(other.secret);
    expect(theirs.ids).not.toContain('owner-private');
    await expect(theirs.client.models.retrieve('owner-private')).rejects.toMatchObject({ status: 404 });
    await expect(
      theirs.client.chat.completions.create({
        model: 'owner-private',
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    // Nor by naming the provider's model directly: direct names are off by default.
    await expect(
      theirs.client.chat.completions.create({
        model: 'openai-main/gpt-4o',
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });
});
