import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HttpServiceSpec } from '../../src/config/http-service-schema.js';
import { adminClient, type AdminClient, type JsonObject } from '../support/admin-client.js';
import { jwtKeyId } from '../../src/rest/consumer/jwt-caller.js';
import { FakeRestStreams, type EchoedRequest } from '../support/fake-rest-streams.js';
import { startJwksServer, type JwksTestServer } from '../support/jwks-test-server.js';
import { publishRestService } from '../support/publish-rest-service.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

const issuer = 'https://idp.example';
const audience = 'orders';

/**
 * REST services whose consumers present JWTs, over HTTP: a valid token reaches the upstream
 * without its Authorization header; expired, wrong-audience and foreign-key tokens get 401 JSON;
 * claims naming another tenant's app are governed like that app's key (approval, tenant match).
 */
describe('REST consumers with JWTs', () => {
  let upstream: FakeRestStreams;
  let jwks: JwksTestServer;
  let gateway: TestGateway;
  let admin: AdminClient;
  let base: string;
  let signer: { privateKey: CryptoKey; kid: string };
  let stranger: { privateKey: CryptoKey; kid: string };
  let apiKey: string;
  let billingId: string;
  let shopId: string;

  const newSigner = async (kid: string): Promise<{ privateKey: CryptoKey; kid: string; jwk: JWK }> => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    return {
      privateKey: pair.privateKey,
      kid,
      jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256' },
    };
  };

  const token = (claims: JWTPayload = {}, key = signer): Promise<string> =>
    new SignJWT({
      sub: 'svc-1',
      iss: issuer,
      aud: audience,
      exp: Math.floor(Date.now() / 1000) + 300,
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .sign(key.privateKey);

  beforeAll(async () => {
    const [own, other] = await Promise.all([newSigner('k1'), newSigner('k2')]);
    signer = own;
    stranger = other;
    jwks = await startJwksServer([own.jwk]);
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

    const acme = await admin.post<{ id: string }>('/api/admin/tenants', { name: 'acme' });
    const globex = await admin.post<{ id: string }>('/api/admin/tenants', { name: 'globex' });
    billingId = (
      await admin.post<{ id: string }>(`/api/admin/tenants/${acme.body.id}/apps`, { name: 'billing' })
    ).body.id;
    shopId = (await admin.post<{ id: string }>(`/api/admin/tenants/${globex.body.id}/apps`, { name: 'shop' }))
      .body.id;
    // A stored key makes keys required, as in any real deployment (an empty store is open).
    apiKey = (await admin.post<{ key: string }>(`/api/admin/apps/${billingId}/keys`, { name: 'k' })).body.key;

    const jwt = { jwks_url: jwks.url, issuer, audience, claims: { tenant: 'org' } };
    const spec = (basePath: string, modes: ('key' | 'jwt')[]): HttpServiceSpec => ({
      base_path: basePath,
      upstream: { nodes: [{ url: `${upstream.url}/echo` }] },
      routes: [{ path: '/*' }],
      auth: { modes, jwt },
    });
    await publishRestService(gateway.store, 'orders-jwt', spec('/jwt', ['jwt']), { tenantId: acme.body.id });
    await publishRestService(gateway.store, 'orders-mixed', spec('/mixed', ['key', 'jwt']), {
      tenantId: acme.body.id,
    });
    await publishRestService(gateway.store, 'orders-gated', spec('/gated', ['jwt']), {
      tenantId: acme.body.id,
      requiresApproval: true,
    });
    await publishRestService(gateway.store, 'orders-private', spec('/private', ['jwt']), {
      tenantId: acme.body.id,
      visibility: 'private',
    });
    // Any admin write reloads the data plane's snapshot, services included.
    expect((await admin.post('/api/admin/tenants', { name: 'reload' })).status).toBe(201);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.close();
    await jwks.close();
  });

  const call = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${base}${path}`, { headers });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: JSON.parse(text) as unknown };
  };
  const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

  it('passes a valid JWT naming its app by id, and strips it before the upstream', async () => {
    const value = await token({ azp: billingId });
    const answer = await call('/jwt/orders/7', bearer(value));
    expect(answer.status).toBe(200);
    expect(gateway.rawLogs()).not.toContain(value);
    const echoed = answer.json as EchoedRequest;
    expect(echoed.path).toBe('/echo/orders/7');
    expect(echoed.headers.authorization).toBeUndefined();
    expect(echoed.headers['x-request-id']).toBe(answer.headers.get('x-request-id'));

    const requestId = answer.headers.get('x-request-id') ?? '';
    const logged = await vi.waitFor(
      async () => {
        const found = await admin.get<JsonObject>(`/api/admin/logs/${requestId}`);
        expect(found.status).toBe(200);
        return found.body;
      },
      { timeout: 4_000, interval: 100 },
    );
    expect(logged).toMatchObject({ route: 'orders-jwt', status: 200, appId: billingId });
    expect(JSON.stringify(logged)).toContain(jwtKeyId({ issuer, subject: 'svc-1' }));
  });

  it("logs a JWT call under the key name 'jwt', never the token's subject", async () => {
    const answer = await call('/jwt/who', bearer(await token({ sub: 'ops@example.com', azp: billingId })));
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get('x-request-id') ?? '';
    const line = await vi.waitFor(
      () => {
        const found = gateway
          .rawLogs()
          .split('\n')
          .find((entry) => entry.includes(`"requestId":"${requestId}"`) && entry.includes('"msg":"request"'));
        expect(found).toBeDefined();
        return found ?? '';
      },
      { timeout: 4_000, interval: 50 },
    );
    expect(JSON.parse(line)).toMatchObject({ key: 'jwt', status: 200 });
    expect(gateway.rawLogs()).not.toContain('ops@example.com');
  });

  it('maps an app by name inside the tenant the tenant claim names', async () => {
    const answer = await call('/jwt/x', bearer(await token({ org: 'acme', azp: 'billing' })));
    expect(answer.status).toBe(200);
  });

  it('takes a key or a JWT on a [key, jwt] service, stripping either', async () => {
    const withJwt = await call('/mixed/a', bearer(await token({ azp: billingId })));
    expect(withJwt.status).toBe(200);
    expect((withJwt.json as EchoedRequest).headers.authorization).toBeUndefined();
    const withKey = await call('/mixed/a', { 'x-api-key': apiKey });
    expect(withKey.status).toBe(200);
    expect((withKey.json as EchoedRequest).headers['x-api-key']).toBeUndefined();
    const keyAsBearer = await call('/mixed/a', bearer(apiKey));
    expect(keyAsBearer.status).toBe(200);
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 120 }, 'The token has expired.'],
    [
      'for another audience',
      { aud: 'billing-api' },
      'The token is meant for another audience than this service.',
    ],
  ])('refuses a token %s with 401 JSON', async (_label, claims, message) => {
    const answer = await call('/jwt/a', bearer(await token({ azp: billingId, ...claims })));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'invalid_token', message } });
    expect(answer.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('refuses a token signed by a key the issuer does not publish, and a missing token', async () => {
    const foreign = await call('/jwt/a', bearer(await token({ azp: billingId }, stranger)));
    expect(foreign.status).toBe(401);
    expect(foreign.json).toMatchObject({
      error: { code: 'invalid_token', message: "The token is signed by an unknown key (kid 'k2')." },
    });
    const missing = await call('/jwt/a', {});
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ error: { code: 'invalid_token' } });
    const key = await call('/jwt/a', bearer(apiKey));
    expect(key.status).toBe(401);
  });

  it("refuses with 403 a tenant claim that is not the app's tenant", async () => {
    const answer = await call('/jwt/a', bearer(await token({ org: 'globex', azp: billingId })));
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ error: { code: 'consumer_forbidden' } });
  });

  it("governs a token of another tenant's app like its key: hidden when private, 403 until approved", async () => {
    const shopToken = await token({ org: 'globex', azp: 'shop' });
    expect((await call('/private/a', bearer(shopToken))).status).toBe(404);
    expect((await call('/private/a', bearer(await token({ azp: billingId })))).status).toBe(200);

    const before = await call('/gated/a', bearer(shopToken));
    expect(before.status).toBe(403);
    expect(before.json).toMatchObject({ error: { code: 'subscription_required' } });
    const subscription = await admin.post<{ id: string }>(`/api/admin/apps/${shopId}/subscriptions`, {
      route: 'orders-gated',
    });
    expect(subscription.status).toBe(201);
    expect((await call('/gated/a', bearer(shopToken))).json).toMatchObject({
      error: { code: 'subscription_pending' },
    });
    expect((await admin.post(`/api/admin/subscriptions/${subscription.body.id}/approve`)).status).toBe(200);
    expect((await call('/gated/a', bearer(shopToken))).status).toBe(200);
  });
});
