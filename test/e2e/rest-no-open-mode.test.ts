import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../support/admin-client.js';
import { FakeRestStreams } from '../support/fake-rest-streams.js';
import { publishRestService } from '../support/publish-rest-service.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

/**
 * A REST service has no open mode: with no API key in the store at all, a service whose
 * `auth.modes` lacks 'anonymous' still refuses calls without a valid credential (401), for keys
 * and JWTs alike; only an anonymous service passes them.
 */
describe('REST services without an open mode', () => {
  let upstream: FakeRestStreams;
  let gateway: TestGateway;
  let base: string;

  beforeAll(async () => {
    upstream = await FakeRestStreams.start();
    gateway = await startGateway('providers: []\n', {}, { controlPlane: true });
    base = `http://127.0.0.1:${String(gateway.port)}`;
    const upstreamSpec = { nodes: [{ url: `${upstream.url}/echo` }] };
    await publishRestService(gateway.store, 'keyed', {
      base_path: '/keyed',
      upstream: upstreamSpec,
      routes: [{ path: '/*' }],
    });
    await publishRestService(gateway.store, 'tokens', {
      base_path: '/tokens',
      upstream: upstreamSpec,
      routes: [{ path: '/*' }],
      // Never fetched: the calls below carry no token.
      auth: {
        modes: ['jwt'],
        jwt: { jwks_url: 'https://idp.invalid/jwks.json', issuer: 'https://idp.invalid' },
      },
    });
    await publishRestService(gateway.store, 'open', {
      base_path: '/open',
      upstream: upstreamSpec,
      routes: [{ path: '/*' }],
      auth: { modes: ['anonymous'] },
    });
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    const admin = adminClient(
      adminUrl,
      { cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '' },
      undefined,
    );
    // Any admin write reloads the data plane's snapshot; it creates no API key.
    expect((await admin.post('/api/admin/tenants', { name: 'reload' })).status).toBe(201);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  it('refuses a keyed service without a key, and any key, while no key exists', async () => {
    const missing = await fetch(`${base}/keyed/a`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
    expect((await fetch(`${base}/keyed/a`, { headers: { 'x-api-key': 'pk-anything' } })).status).toBe(401);
  });

  it('refuses a JWT service without a token while no key exists', async () => {
    const missing = await fetch(`${base}/tokens/a`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it('passes an anonymous service', async () => {
    expect((await fetch(`${base}/open/a`)).status).toBe(200);
  });
});
