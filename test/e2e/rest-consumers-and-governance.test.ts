import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminClient, type AdminClient, type JsonObject } from '../support/admin-client.js';
import { FakeRestStreams, type EchoedRequest } from '../support/fake-rest-streams.js';
import { publishRestService } from '../support/publish-rest-service.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

/**
 * REST services governed like model routes, over HTTP: keys required and checked, approval
 * before a gated service answers, another tenant's private service invisible, the consumer's
 * key stripped and the upstream credential injected, route limits, and call-log rows.
 */
describe('REST consumers and governance', () => {
  let upstream: FakeRestStreams;
  let gateway: TestGateway;
  let admin: AdminClient;
  let base: string;
  let keyA = '';
  let keyB = '';
  let appA = '';
  let gatedId = '';

  const ok = <T = JsonObject>(response: { status: number; body: T }, status = 200): T => {
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response.body;
  };

  beforeAll(async () => {
    upstream = await FakeRestStreams.start();
    gateway = await startGateway('providers: []\n', {}, { controlPlane: true });
    base = `http://127.0.0.1:${String(gateway.port)}`;
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    admin = adminClient(
      adminUrl,
      { cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '' },
      undefined,
    );
    const tenants: string[] = [];
    const keys: string[] = [];
    for (const name of ['team-a', 'team-b']) {
      const tenant = ok(await admin.post('/api/admin/tenants', { name }), 201);
      tenants.push(String(tenant['id']));
      const app = ok(
        await admin.post(`/api/admin/tenants/${String(tenant['id'])}/apps`, { name: 'app' }),
        201,
      );
      if (name === 'team-a') appA = String(app['id']);
      keys.push(
        String(ok(await admin.post(`/api/admin/apps/${String(app['id'])}/keys`, { name: 'k' }), 201)['key']),
      );
    }
    keyA = keys[0] ?? '';
    keyB = keys[1] ?? '';
    const node = { nodes: [{ url: `${upstream.url}/echo` }] };
    await publishRestService(
      gateway.store,
      'billing',
      {
        base_path: '/billing',
        upstream: node,
        routes: [{ path: '/*' }],
        upstream_credential: { header: 'x-upstream-token' },
      },
      { credentialValue: 'upstream-secret', logBodies: true },
    );
    gatedId = await publishRestService(
      gateway.store,
      'gated',
      { base_path: '/gated', upstream: node, routes: [{ path: '/*' }] },
      { requiresApproval: true },
    );
    await publishRestService(
      gateway.store,
      'team-b-private',
      { base_path: '/private-b', upstream: node, routes: [{ path: '/*' }] },
      { tenantId: tenants[1] ?? '', visibility: 'private' },
    );
    await publishRestService(gateway.store, 'forwarding', {
      base_path: '/forwarding',
      upstream: node,
      routes: [{ path: '/*' }],
      auth: { modes: ['key'], forward_credential: true },
    });
    await publishRestService(gateway.store, 'open', {
      base_path: '/open',
      upstream: node,
      routes: [{ path: '/*' }],
      auth: { modes: ['anonymous'] },
    });
    // A route limit on the billing service: two requests a minute for every caller together.
    const billing = gateway.store.db.selectFrom('routes').select('id').where('name', '=', 'billing');
    const billingId = (await billing.executeTakeFirstOrThrow()).id;
    ok(await admin.put(`/api/admin/limits/route/${billingId}`, { requests_per_minute: 2 }));
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  const call = async (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, { ...init, headers });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: () => JSON.parse(text) as JsonObject,
    };
  };

  it('requires a valid key, in the REST error shape', async () => {
    const missing = await call('/billing/x');
    expect(missing.status).toBe(401);
    expect(missing.json()).toMatchObject({
      error: { code: 'invalid_api_key', request_id: missing.headers.get('x-request-id') },
    });
    expect((await call('/billing/x', { 'x-api-key': 'pk-nope' })).status).toBe(401);
    expect((await call('/open/x')).status).toBe(200);
  });

  it('strips the consumer key, injects the upstream credential, and logs the call', async () => {
    const answer = await call('/billing/invoices/7', { authorization: `Bearer ${keyA}` }, { method: 'GET' });
    expect(answer.status, answer.text).toBe(200);
    const seen = answer.json() as unknown as EchoedRequest;
    expect(seen.headers['authorization']).toBeUndefined();
    expect(seen.headers['x-upstream-token']).toBe('upstream-secret');
    expect(seen.headers['x-request-id']).toBe(answer.headers.get('x-request-id'));
    expect(answer.text).not.toContain(keyA);
    const forwarded = await call('/forwarding/x', { 'x-api-key': keyA });
    expect((forwarded.json() as unknown as EchoedRequest).headers['x-api-key']).toBe(keyA);

    const requestId = answer.headers.get('x-request-id') ?? '';
    const logged = await vi.waitFor(
      async () => {
        const found = await admin.get<JsonObject>(`/api/admin/logs/${requestId}`);
        expect(found.status).toBe(200);
        return found.body;
      },
      { timeout: 4_000, interval: 100 },
    );
    expect(logged).toMatchObject({
      route: 'billing',
      endpoint: '/billing/*',
      status: 200,
      provider: null,
      attempts: 1,
      appId: appA,
      rest: { method: 'GET', upstreamNode: `${upstream.url}/echo` },
    });
    const rest = logged['rest'] as { bytesOut: number; upstreamMs: number };
    expect(rest.bytesOut).toBe(answer.text.length);
    expect(rest.upstreamMs).toBeGreaterThan(0);
    expect(logged['hasBodies']).toBe(true);
    expect(gateway.rawLogs()).not.toContain('upstream-secret');
  });

  it('refuses past the route limit with 429', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 3; index++)
      statuses.push((await call('/billing/x', { 'x-api-key': keyB })).status);
    // One call of the previous test counted already.
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
  });

  it('serves a gated service only once the subscription is approved', async () => {
    const refused = await call('/gated/x', { 'x-api-key': keyA });
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'subscription_required' } });
    const subscription = ok(
      await admin.post(`/api/admin/apps/${appA}/subscriptions`, { route: 'gated' }),
      201,
    );
    expect((await call('/gated/x', { 'x-api-key': keyA })).json()).toMatchObject({
      error: { code: 'subscription_pending' },
    });
    ok(await admin.post(`/api/admin/subscriptions/${String(subscription['id'])}/approve`, {}));
    expect((await call('/gated/x', { 'x-api-key': keyA })).status).toBe(200);
    expect(gatedId).not.toBe('');
  });

  it("hides another tenant's private service as an unknown path", async () => {
    const hidden = await call('/private-b/x', { 'x-api-key': keyA });
    expect(hidden.status).toBe(404);
    expect(hidden.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await call('/private-b/x', { 'x-api-key': keyB })).status).toBe(200);
  });
});
