import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, type AdminClient, type JsonObject } from '../support/admin-client.js';
import { FakeUpstream, openAiTextReply } from '../support/fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';
import {
  postgresReachable,
  sqliteFileTarget,
  storeTargets,
  type TestStoreTarget,
} from '../support/test-stores.js';

const pgUp = await postgresReachable();
const postgres = storeTargets.find((target) => target.name === 'postgres') as TestStoreTarget;

const keys = {
  app: 'pk-test-quota-app-scope-0001',
  tenant: 'pk-test-quota-tenant-scope-002',
  key: 'pk-test-quota-key-scope-00003',
  route: 'pk-test-quota-route-scope-0004',
};

/** Four tenants, one per quota scope, so each quota is the only one a key meets (apply file). */
function config(upstreamBase: string): string {
  const tenant = (name: string, key: string, tenantLimits: string, appLimits: string) => `
  - name: ${name}
${tenantLimits}    apps:
      - name: bot
${appLimits}        keys: [{ name: main, key: ${key} }]`;
  return `
providers:
  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${upstreamBase}/v1" }
models:
  - { name: m, targets: [{ provider: openai-main, model: gpt-4o }] }
  - { name: metered, limits: { requests_per_day: 5 }, targets: [{ provider: openai-main, model: gpt-4o }] }
tenants:${tenant('quota-app', keys.app, '', '        limits: { requests_per_day: 3 }\n')}${tenant(
    'quota-tenant',
    keys.tenant,
    '    limits: { requests_per_day: 4, requests_per_month: 1000 }\n',
    '',
  )}${tenant('quota-key', keys.key, '', '')}${tenant('quota-route', keys.route, '', '')}
`;
}

/**
 * Request quotas through HTTP with a model route: per day at app and tenant scope (from the apply
 * file), key scope (admin API) and route scope (every caller together); 429 `quota_exceeded`
 * with Retry-After and the quota headers; the count survives a stop and start on the same store.
 */
describe.each([sqliteFileTarget, postgres])('request quotas on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const upstream = new FakeUpstream(() =>
    openAiTextReply('ok', { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }),
  );
  let gateway: TestGateway;
  let admin: AdminClient;
  let storeUrl = '';
  let base = '';
  let drop: () => Promise<void> = () => Promise.resolve();

  let cookie = '';
  async function start(): Promise<void> {
    gateway = await startGateway(config(base), {}, { storeUrl, controlPlane: true });
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    admin = adminClient(
      adminUrl,
      { cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '' },
      undefined,
    );
  }

  beforeAll(async () => {
    if (skip) return;
    base = await upstream.start();
    const created = await target.create();
    storeUrl = created.url;
    drop = () => created.drop();
    await start();
  });
  afterAll(async () => {
    if (skip) return;
    await gateway.close();
    await upstream.stop();
    await drop();
  });

  const call = async (key: string, model = 'm') => {
    const response = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await response.json()) as { error?: { code: string; message: string } };
    return { status: response.status, headers: response.headers, body };
  };
  const statuses = async (key: string, count: number, model = 'm') => {
    const seen: number[] = [];
    for (let index = 0; index < count; index++) seen.push((await call(key, model)).status);
    return seen;
  };
  const ok = <T = JsonObject>(response: { status: number; body: T }, status = 200): T => {
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response.body;
  };

  async function keyIdOf(tenantName: string): Promise<string> {
    type Page = { items: JsonObject[] };
    const tenants = ok<Page>(await admin.get('/api/admin/tenants')).items;
    const tenantId = String(tenants.find((tenant) => tenant['name'] === tenantName)?.['id']);
    const apps = ok<Page>(await admin.get(`/api/admin/tenants/${tenantId}/apps`)).items;
    const appId = String(apps[0]?.['id']);
    return String(ok<Page>(await admin.get(`/api/admin/apps/${appId}/keys`)).items[0]?.['id']);
  }

  it.skipIf(skip)('validates the new limit fields in the admin API and documents them', async () => {
    const keyId = await keyIdOf('quota-key');
    for (const bad of [
      { requests_per_day: 0 },
      { requests_per_month: 1.5 },
      { requests_per_second: 'ten' },
    ]) {
      const refused = await admin.put(`/api/admin/limits/key/${keyId}`, bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await admin.get(`/api/admin/limits/key/${keyId}`)).status).toBe(404); // nothing was written
    const set = ok(
      await admin.put(`/api/admin/limits/key/${keyId}`, { requests_per_day: 2, requests_per_second: 50 }),
    );
    expect(set).toMatchObject({
      scope: 'key',
      requests_per_second: 50,
      requests_per_minute: null,
      requests_per_day: 2,
      requests_per_month: null,
    });
    // Export writes back the quotas the apply file set.
    const exported = await (
      await fetch(`${gateway.adminUrl ?? ''}/api/admin/export`, { headers: { cookie } })
    ).text();
    expect(exported).toContain('requests_per_day: 3');
    expect(exported).toContain('requests_per_month: 1000');
    const document = ok(await admin.get('/api/docs/json'));
    const text = JSON.stringify(document);
    for (const field of ['requests_per_second', 'requests_per_day', 'requests_per_month']) {
      expect(text).toContain(field);
    }
  });

  it.skipIf(skip)(
    'refuses with 429 quota_exceeded after N requests a day at key, app, tenant and route scope',
    async () => {
      expect(await statuses(keys.key, 4)).toEqual([200, 200, 429, 429]);
      expect(await statuses(keys.app, 5)).toEqual([200, 200, 200, 429, 429]);
      expect(await statuses(keys.tenant, 5)).toEqual([200, 200, 200, 200, 429]);
      // The route's quota counts every caller: two keys share its 5.
      expect(await statuses(keys.route, 3, 'metered')).toEqual([200, 200, 200]);
      const last = await call(keys.app, 'metered');
      expect(last.status).toBe(429); // the app's own quota is used up: nothing reaches the route
      expect(await statuses(keys.tenant, 1, 'metered')).toEqual([429]);
      const shared = await call(keys.key, 'metered');
      expect(shared.status).toBe(429);
      expect(shared.body.error?.code).toBe('quota_exceeded');
      expect(shared.body.error?.message).toContain('requests per day for key');

      const refused = await call(keys.app);
      expect(refused.status).toBe(429);
      expect(refused.body.error?.code).toBe('quota_exceeded');
      expect(refused.body.error?.message).toMatch(
        /quota of 3 requests per day for app app_\w+ is used up; it resets at \d{4}-\d\d-\d\dT00:00:00\.000Z/,
      );
      const untilMidnight = Math.ceil(
        (Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1) -
          Date.now()) /
          1000,
      );
      expect(Math.abs(Number(refused.headers.get('retry-after')) - untilMidnight)).toBeLessThanOrEqual(2);
      expect(refused.headers.get('x-portico-quota-remaining-day')).toBe('0');
      expect(refused.headers.get('x-portico-quota-limit-day')).toBe('3');

      const routeCall = await call(keys.route, 'metered');
      expect(routeCall.status).toBe(200);
      expect(routeCall.headers.get('x-portico-quota-limit-day')).toBe('5');
      expect(routeCall.headers.get('x-portico-quota-remaining-day')).toBe('1');
      // No quota on route m for this key: no quota header.
      expect((await call(keys.route)).headers.get('x-portico-quota-limit-day')).toBeNull();
    },
  );

  it.skipIf(skip)('keeps the count across a stop and a start on the same store', async () => {
    await gateway.close();
    await start();
    expect((await call(keys.app)).body.error?.code).toBe('quota_exceeded');
    expect((await call(keys.tenant)).body.error?.code).toBe('quota_exceeded');
    expect((await call(keys.key)).body.error?.code).toBe('quota_exceeded');
    const routeCall = await call(keys.route, 'metered');
    expect(routeCall.status).toBe(200);
    expect(routeCall.headers.get('x-portico-quota-remaining-day')).toBe('0');
    expect((await call(keys.route, 'metered')).body.error?.code).toBe('quota_exceeded');
  });
});
