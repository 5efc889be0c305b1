import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, type AdminClient } from '../support/admin-client.js';
import { FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

const oldKey = 'sk-OLD-provider-SECRET-111';
const newKey = 'sk-NEW-provider-SECRET-222';
const headerSecret = 'hdr-SECRET-333';
const urlPassword = 'url-pass-SECRET-444';
const urlQueryKey = 'url-query-SECRET-555';
const secrets = [oldKey, headerSecret, urlPassword, urlQueryKey];

const answer = () => ({
  kind: 'json' as const,
  body: {
    id: 'c',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  },
});

/**
 * Provider secrets are write-only: custom headers and URL credentials are masked like api_key in
 * answers, exports and audit rows, and a stored key never follows a base_url change it was not
 * re-entered for.
 */
describe('provider secrets stay write-only', () => {
  const first = new FakeUpstream(answer);
  const second = new FakeUpstream(answer);
  let firstBase = '';
  let secondBase = '';
  let gateway: TestGateway;
  let platform: AdminClient;
  let cookie = '';
  const exportText = async () =>
    (await fetch(`${gateway.adminUrl ?? ''}/api/admin/export`, { headers: { cookie } })).text();

  beforeAll(async () => {
    firstBase = await first.start();
    secondBase = await second.start();
    gateway = await startGateway('server: { direct_model_access: false }\n', {}, { controlPlane: true });
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    platform = adminClient(adminUrl, { cookie }, 'admin');
    const created = await platform.post('/api/admin/providers', {
      id: 'up',
      type: 'openai',
      api_key: oldKey,
      base_url: `${firstBase}/v1`,
      headers: { 'X-Custom-Token': headerSecret, 'X-Title': 'portico' },
      public_headers: ['X-Title'],
    });
    expect(created.status).toBe(201);
    const withUrlCredentials = await platform.post('/api/admin/providers', {
      id: 'url-creds',
      type: 'openai-compatible',
      base_url: `https://bob:${urlPassword}@llm.example/v1?key=${urlQueryKey}`,
    });
    expect(withUrlCredentials.status).toBe(201);
    const route = await platform.post('/api/admin/routes', {
      name: 'm',
      spec: { targets: [{ provider: 'up', model: 'gpt-4o' }] },
      visibility: 'shared',
      lifecycle: 'published',
    });
    expect(route.status).toBe(201);
  });
  afterAll(async () => {
    await gateway.close();
    await first.stop();
    await second.stop();
  });

  const chat = () =>
    fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });

  it('masks custom headers and URL credentials in answers, export and audit rows', async () => {
    const up = await platform.get('/api/admin/providers/up');
    expect(up.body).toMatchObject({
      headers: { 'X-Title': 'portico' },
      secrets: { api_key: 'set', 'headers.X-Custom-Token': 'set' },
    });
    const masked = await platform.get('/api/admin/providers/url-creds');
    expect(masked.body).toMatchObject({
      base_url: 'https://***:***@llm.example/v1?key=***',
      secrets: { base_url: 'set' },
    });
    const list = await platform.get('/api/admin/providers');
    const exported = await exportText();
    expect(exported).toContain('X-Custom-Token: ${PORTICO_UP_HEADERS_X_CUSTOM_TOKEN}');
    const audit = JSON.stringify(await gateway.store.db.selectFrom('audit_log').selectAll().execute());
    for (const text of [
      JSON.stringify(up.body),
      JSON.stringify(masked.body),
      JSON.stringify(list.body),
      exported,
      audit,
    ])
      for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('refuses a base_url change without the credentials, so the new host never receives the old key', async () => {
    const moved = await platform.put('/api/admin/providers/up', {
      type: 'openai',
      base_url: `${secondBase}/v1`,
      headers: { 'X-Title': 'portico' },
      public_headers: ['X-Title'],
    });
    expect(moved.status).toBe(400);
    expect(JSON.stringify(moved.body)).toContain('requires sending them again');
    expect((await chat()).status).toBe(200);
    expect(second.requests).toHaveLength(0);
    expect(first.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${oldKey}`);
    expect(first.requests.at(-1)?.headers['x-custom-token']).toBe(headerSecret);
  });

  it('moves with credentials re-entered, and sends only those', async () => {
    const moved = await platform.put('/api/admin/providers/up', {
      type: 'openai',
      base_url: `${secondBase}/v1`,
      api_key: newKey,
    });
    expect(moved.status).toBe(200);
    expect((await chat()).status).toBe(200);
    const sent = JSON.stringify(second.requests.map((request) => request.headers));
    expect(sent).toContain(`Bearer ${newKey}`);
    for (const secret of secrets) expect(sent).not.toContain(secret);
  });

  it('keeps the stored URL credentials when the masked base_url is sent back', async () => {
    const kept = await platform.put('/api/admin/providers/url-creds', {
      type: 'openai-compatible',
      base_url: 'https://***:***@llm.example/v1?key=***',
      timeouts: { total_ms: 1000 },
    });
    expect(kept.status).toBe(200);
    expect(kept.body['secrets']).toEqual({ base_url: 'set' });
    expect(await exportText()).toContain('PORTICO_URL_CREDS_BASE_URL');
  });
});
