import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminClient, type AdminClient } from '../support/admin-client.js';
import { FakeUpstream, openAiTextReply } from '../support/fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

interface Call {
  requestId: string;
  status: number;
  errorCode: string | null;
  route: string | null;
  tenantId: string | null;
}
interface CallPage {
  items: Call[];
  next_cursor: string | null;
}

describe('call-log filters (request id, error code, HTTP status) and the CSV/JSON export', () => {
  // Questions containing "fail" get a 500 from the upstream; the rest an answer.
  const upstream = new FakeUpstream((request) => {
    const text = JSON.stringify(request.body);
    return text.includes('fail')
      ? { kind: 'json', status: 500, body: { error: { message: 'boom' } } }
      : openAiTextReply('ok', { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });
  let gateway: TestGateway;
  let admin: AdminClient;
  let adminUrl = '';
  let adminCookie = '';

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(
      `providers:\n  - { id: fake-openai, type: openai, api_key: sk-test, base_url: "${base}/v1" }\n`,
      {},
      { controlPlane: true },
    );
    adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    adminCookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    admin = adminClient(adminUrl, { cookie: adminCookie }, undefined);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('filters on the server and exports the filtered list, scoped to the tenant', async () => {
    const tenant = await admin.post('/api/admin/tenants', { name: 'initech' });
    const tenantId = String(tenant.body['id']);
    const app = await admin.post(`/api/admin/tenants/${tenantId}/apps`, { name: 'tps' });
    const key = await admin.post(`/api/admin/apps/${String(app.body['id'])}/keys`, { name: 'main' });
    await admin.post('/api/admin/routes', {
      name: 'chat',
      spec: { targets: [{ provider: 'fake-openai', model: 'gpt-4o' }] },
      visibility: 'shared',
      lifecycle: 'published',
    });
    const ask = async (content: string) => {
      const response = await fetch(`${gateway.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${String(key.body['key'])}` },
        body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content }] }),
      });
      await response.arrayBuffer();
      return { status: response.status, requestId: response.headers.get('x-request-id') ?? '' };
    };
    const answers = [await ask('a'), await ask('b, "quoted"'), await ask('fail'), await ask('c')];
    const failed = answers[2];
    expect(failed?.status).toBeGreaterThanOrEqual(500);
    const all = await vi.waitFor(
      async () => {
        const page = await admin.get<CallPage>('/api/admin/logs?route=chat');
        expect(page.body.items).toHaveLength(4);
        return page.body.items;
      },
      { timeout: 5_000, interval: 100 },
    );
    const failure = all.find((call) => call.requestId === failed?.requestId);
    expect(failure?.errorCode).not.toBeNull();

    const byId = await admin.get<CallPage>(`/api/admin/logs?request_id=${answers[0]?.requestId ?? ''}`);
    expect(byId.body.items.map((call) => call.requestId)).toEqual([answers[0]?.requestId]);
    const byCode = await admin.get<CallPage>(`/api/admin/logs?error_code=${failure?.errorCode ?? ''}`);
    expect(byCode.body.items.map((call) => call.requestId)).toEqual([failed?.requestId]);
    const byStatus = await admin.get<CallPage>(`/api/admin/logs?status_code=${failure?.status ?? 0}`);
    expect(byStatus.body.items.map((call) => call.requestId)).toEqual([failed?.requestId]);
    const ok200 = await admin.get<CallPage>('/api/admin/logs?status_code=200&tenant_id=' + tenantId);
    expect(ok200.body.items).toHaveLength(3);
    expect((await admin.get('/api/admin/logs?error_code=no_such_code')).body).toEqual({
      items: [],
      next_cursor: null,
    });
    expect((await admin.get('/api/admin/logs?status_code=99')).status).toBe(400);

    const csv = await fetch(`${adminUrl}/api/admin/logs/export?format=csv&route=chat`, {
      headers: { cookie: adminCookie },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="portico-calls-.*\.csv"$/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(
      /^at,requestId,clientRequestId,tenantId,appId,keyId,keyPrefix,route,provider,model,/,
    );
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(all.map((call) => call.requestId));

    const json = await fetch(`${adminUrl}/api/admin/logs/export?format=json&status=error&max_rows=10`, {
      headers: { cookie: adminCookie },
    });
    const exported = (await json.json()) as Call[];
    expect(exported.map((call) => call.requestId)).toEqual([failed?.requestId]);
    const capped = await fetch(`${adminUrl}/api/admin/logs/export?format=json&max_rows=2`, {
      headers: { cookie: adminCookie },
    });
    expect((await capped.json()) as Call[]).toHaveLength(2);
    const empty = await fetch(`${adminUrl}/api/admin/logs/export?format=json&route=none`, {
      headers: { cookie: adminCookie },
    });
    expect(await empty.json()).toEqual([]);

    // Another tenant's member exports nothing of initech's, and naming initech is a 404.
    const other = await admin.post('/api/admin/tenants', { name: 'other' });
    await admin.post('/api/admin/users', {
      username: 'other-viewer',
      password: 'correct-horse-battery',
      role: 'viewer',
      tenant_id: String(other.body['id']),
    });
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'other-viewer', password: 'correct-horse-battery' }),
    });
    const viewerCookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const mine = await fetch(`${adminUrl}/api/admin/logs/export?format=json`, {
      headers: { cookie: viewerCookie },
    });
    expect(await mine.json()).toEqual([]);
    const theirs = await fetch(`${adminUrl}/api/admin/logs/export?format=csv&tenant_id=${tenantId}`, {
      headers: { cookie: viewerCookie },
    });
    expect(theirs.status).toBe(404);
    expect((await fetch(`${adminUrl}/api/admin/logs/export?format=csv`)).status).toBe(401);
  });
});
