import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminClient, type AdminClient, type JsonObject } from '../support/admin-client.js';
import { FakeUpstream, openAiCompletion, type RecordedRequest } from '../support/fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

const keys = {
  appListed: 'key-app-listed-000001',
  keyListed: 'key-key-listed-000001',
  unrestricted: 'key-unrestricted-0001',
};

const yaml = (base: string) => `
providers:
  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${base}/v1" }
models:
  - { name: alpha, targets: [{ provider: openai-main, model: gpt-4o }] }
  - { name: beta, targets: [{ provider: openai-main, model: gpt-4o-mini }] }
tenants:
  - name: team
    apps:
      - name: narrow
        allowed_models: [alpha]
        keys: [{ name: n, key: ${keys.appListed} }]
      - name: wide
        keys:
          - { name: listed, key: ${keys.keyListed}, allowed_models: [beta] }
          - { name: free, key: ${keys.unrestricted} }
`;

const messages = [{ role: 'user', content: 'hi' }];

/**
 * Model allow-lists of apps and keys (feature AI-16): a model outside either list is refused
 * with 403 `model_not_allowed` in each dialect's error shape before any upstream call, and the
 * model lists show only what the key may call. Set from the config file and the admin API.
 */
describe('model allow-lists', () => {
  const upstream = new FakeUpstream((request: RecordedRequest) => ({
    kind: 'json',
    body: openAiCompletion((request.body as { model: string }).model, 'ok'),
  }));
  let gateway: TestGateway;
  let origin: string;
  let admin: AdminClient;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(yaml(base), {}, { controlPlane: true });
    origin = new URL(gateway.url).origin;
    const login = await fetch(`${gateway.adminUrl ?? ''}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    admin = adminClient(
      gateway.adminUrl ?? '',
      { cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '' },
      undefined,
    );
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const chat = async (key: string, model: string) => {
    const response = await fetch(`${origin}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model, messages }),
    });
    return { status: response.status, body: (await response.json()) as JsonObject };
  };
  const get = async (key: string, path: string) =>
    (
      await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${key}` } })
    ).json() as Promise<JsonObject>;
  const ids = async (key: string) =>
    ((await get(key, '/v1/models'))['data'] as JsonObject[]).map((model) => model['id']);

  it("refuses a model outside the app's or the key's list with 403 model_not_allowed", async () => {
    expect((await chat(keys.appListed, 'alpha')).status).toBe(200);
    const refused = await chat(keys.appListed, 'beta');
    expect(refused).toMatchObject({
      status: 403,
      body: { error: { code: 'model_not_allowed', type: 'permission_error', param: 'model' } },
    });
    expect((await chat(keys.keyListed, 'beta')).status).toBe(200);
    expect((await chat(keys.keyListed, 'alpha')).status).toBe(403);
    expect((await chat(keys.unrestricted, 'alpha')).status).toBe(200);
    expect((await chat(keys.unrestricted, 'beta')).status).toBe(200);
    expect(upstream.requests.map((request) => (request.body as { model: string }).model)).toEqual([
      'gpt-4o',
      'gpt-4o-mini',
      'gpt-4o',
      'gpt-4o-mini',
    ]);
  });

  it("answers in the Anthropic and Gemini dialects' shapes", async () => {
    const before = upstream.requests.length;
    const anthropic = await fetch(`${origin}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': keys.appListed,
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({ model: 'beta', max_tokens: 8, messages }),
    });
    expect(anthropic.status).toBe(403);
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    const gemini = await fetch(`${origin}/v1beta/models/beta:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': keys.appListed },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(gemini.status).toBe(403);
    expect(await gemini.json()).toMatchObject({
      error: { code: 403, status: 'PERMISSION_DENIED', details: [{ reason: 'model_not_allowed' }] },
    });
    expect(upstream.requests.length).toBe(before);
  });

  it('lists only the models a key may call, in both model lists', async () => {
    expect(await ids(keys.appListed)).toEqual(['alpha']);
    expect(await ids(keys.keyListed)).toEqual(['beta']);
    expect(await ids(keys.unrestricted)).toEqual(['alpha', 'beta']);
    const gemini = await get(keys.appListed, '/v1beta/models');
    expect((gemini['models'] as JsonObject[]).map((model) => model['name'])).toEqual(['models/alpha']);
    expect((await get(keys.appListed, '/v1/models/beta'))['error']).toMatchObject({
      code: 'model_not_found',
    });
  });

  it('sets lists through the admin API: developers narrow, only tenant admins change or lift', async () => {
    const tenants = (await admin.get('/api/admin/tenants')).body['items'] as JsonObject[];
    const tenantId = String(tenants.find((tenant) => tenant['name'] === 'team')?.['id']);
    const created = await admin.post(`/api/admin/tenants/${tenantId}/apps`, {
      name: 'api-made',
      allowed_models: ['beta'],
    });
    expect(created.status).toBe(201);
    expect(created.body['allowed_models']).toEqual(['beta']);
    const appId = String(created.body['id']);
    const key = await admin.post(`/api/admin/apps/${appId}/keys`, {
      name: 'k',
      allowed_models: ['alpha', 'beta'],
    });
    expect(key.body['allowed_models']).toEqual(['alpha', 'beta']);
    const secret = String(key.body['key']);
    // The app's list and the key's both apply: only beta is in both.
    await waitFor(async () => (await chat(secret, 'beta')).status === 200);
    expect((await chat(secret, 'alpha')).body).toMatchObject({ error: { code: 'model_not_allowed' } });

    const developer = await userOf(gateway.adminUrl ?? '', admin, tenantId, 'developer');
    expect((await developer.patch(`/api/admin/apps/${appId}`, { allowed_models: null })).status).toBe(403);
    expect(
      (await developer.patch(`/api/admin/keys/${String(key.body['id'])}`, { allowed_models: null })).status,
    ).toBe(403);
    const tenantAdmin = await userOf(gateway.adminUrl ?? '', admin, tenantId, 'tenant_admin');
    const lifted = await tenantAdmin.patch(`/api/admin/apps/${appId}`, { allowed_models: null });
    expect(lifted.body['allowed_models']).toBeNull();
    await waitFor(async () => (await chat(secret, 'alpha')).status === 200);
    const rotated = await admin.post(`/api/admin/keys/${String(key.body['id'])}/rotate`, {});
    expect(rotated.body['allowed_models']).toEqual(['alpha', 'beta']);
    expect(
      (await admin.post(`/api/admin/tenants/${tenantId}/apps`, { name: 'x', allowed_models: ['no spaces'] }))
        .status,
    ).toBe(400);
  });

  it('exports app lists so that apply round-trips them', async () => {
    const login = await fetch(`${gateway.adminUrl ?? ''}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const exported = await (
      await fetch(`${gateway.adminUrl ?? ''}/api/admin/export`, { headers: { cookie } })
    ).text();
    expect(exported).toMatch(/name: narrow\n\s+description: ""\n\s+allowed_models:\n\s+- alpha/);
    const applied = await admin.post('/api/admin/apply?dry_run=true', {
      yaml: exported,
      env: { PORTICO_OPENAI_MAIN_API_KEY: 'sk-test' },
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(
      (applied.body['entries'] as JsonObject[]).filter(
        (entry) => entry['kind'] === 'app' && entry['action'] !== 'unchanged',
      ),
    ).toEqual([]);
  });
});

/** Until the data plane picks up the change. */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  await vi.waitFor(async () => expect(await check()).toBe(true), { timeout: 5_000, interval: 100 });
}

/** Creates a user of `role` in `tenantId` as the platform admin and signs them in. */
async function userOf(
  adminUrl: string,
  admin: AdminClient,
  tenantId: string,
  role: 'developer' | 'tenant_admin',
): Promise<AdminClient> {
  const username = `${role}-${tenantId}`;
  const created = await admin.post('/api/admin/users', {
    username,
    password: testAdminPassword,
    role,
    tenant_id: tenantId,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const login = await fetch(`${adminUrl}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: testAdminPassword }),
  });
  return adminClient(adminUrl, { cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '' }, undefined);
}
