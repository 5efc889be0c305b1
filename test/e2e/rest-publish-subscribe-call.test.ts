import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inlineOpenApiFilesInYaml } from '../../src/config/inline-openapi-files.js';
import {
  adminClient,
  type AdminClient,
  type AdminResponse,
  type JsonObject,
} from '../support/admin-client.js';
import { startFakePetstore, type FakePetstore } from '../support/fake-petstore.js';
import { startJwksServer, type JwksTestServer } from '../support/jwks-test-server.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();
const fixturePath = new URL('../fixtures/openapi/petstore-3.0.yaml', import.meta.url);
const petstoreYaml = readFileSync(fixturePath, 'utf8');
const issuer = 'https://idp.example';
const audience = 'petstore';
const password = 'correct-horse-battery';

interface ServiceBody {
  id: string;
  name: string;
  spec: JsonObject & { base_path: string };
}

function ok<T>(answer: AdminResponse<T>, status = 200): T {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return answer.body;
}

/**
 * Issue 16's "Done when", end to end over HTTP: team-a publishes the Petstore from its OpenAPI
 * document, team-b's app subscribes, is approved, and calls it with its key and with a JWT; every
 * call is in the call log and analytics; the served document names Portico as its server; a third
 * tenant sees none of team-b's side. Then the same service through `portico apply`.
 */
describe.each(storeTargets)('publish, subscribe, call a REST service on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  let drop: () => Promise<void> = () => Promise.resolve();
  let upstream: FakePetstore;
  let jwks: JwksTestServer;
  let gateway: TestGateway;
  let platform: AdminClient;
  let dataUrl: string;
  let signingKey: CryptoKey;

  const login = async (username: string): Promise<AdminClient> => {
    const url = gateway.adminUrl ?? '';
    const response = await fetch(`${url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: username === 'admin' ? testAdminPassword : password }),
    });
    expect(response.status).toBe(200);
    return adminClient(url, { cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' }, undefined);
  };
  const tenantWithAdmin = async (name: string): Promise<{ id: string; admin: AdminClient }> => {
    const tenant = ok(await platform.post<{ id: string }>('/api/admin/tenants', { name }), 201);
    ok(
      await platform.post('/api/admin/users', {
        username: `${name}-admin`,
        password,
        role: 'tenant_admin',
        tenant_id: tenant.id,
      }),
      201,
    );
    return { id: tenant.id, admin: await login(`${name}-admin`) };
  };
  const call = async (path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${dataUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      requestId: response.headers.get('x-request-id') ?? '',
      json: (await response.json()) as JsonObject,
    };
  };
  const loggedCall = (requestId: string): Promise<JsonObject> =>
    vi.waitFor(
      async () => {
        const found = await platform.get(`/api/admin/logs/${requestId}`);
        expect(found.status).toBe(200);
        return found.body;
      },
      { timeout: 5_000, interval: 100 },
    );

  beforeAll(async () => {
    if (skip) return;
    const store = await target.create();
    drop = () => store.drop();
    const pair = await generateKeyPair('ES256', { extractable: true });
    signingKey = pair.privateKey;
    jwks = await startJwksServer([{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }]);
    upstream = await startFakePetstore();
    gateway = await startGateway('providers: []\n', {}, { controlPlane: true, storeUrl: store.url });
    dataUrl = `http://127.0.0.1:${String(gateway.port)}`;
    platform = await login('admin');
  });
  afterAll(async () => {
    if (skip) return;
    await gateway.close();
    await upstream.close();
    await jwks.close();
    await drop();
  });

  it.skipIf(skip)(
    'team-a publishes the Petstore, team-b subscribes, is approved and calls it with a key and a JWT',
    async () => {
      const teamA = await tenantWithAdmin('team-a');
      const teamB = await tenantWithAdmin('team-b');
      const teamC = await tenantWithAdmin('team-c');

      // Publisher: import the document, then let consumers present keys or JWTs.
      const imported = ok(
        await teamA.admin.post<ServiceBody>('/api/admin/services/import', {
          document: petstoreYaml,
          name: 'team-a/petstore',
          upstream_url: upstream.url,
          visibility: 'shared',
          lifecycle: 'published',
          requires_approval: true,
        }),
        201,
      );
      expect(imported.spec.base_path).toBe('/v3');
      const auth = { modes: ['key', 'jwt'], jwt: { jwks_url: jwks.url, issuer, audience } };
      ok(await teamA.admin.patch(`/api/admin/services/${imported.id}`, { spec: { ...imported.spec, auth } }));

      // Consumer: an app, a key, a subscription that waits for the owner.
      const app = ok(
        await teamB.admin.post<{ id: string }>(`/api/admin/tenants/${teamB.id}/apps`, { name: 'mobile' }),
        201,
      );
      const key = ok(
        await teamB.admin.post<{ key: string }>(`/api/admin/apps/${app.id}/keys`, { name: 'k' }),
        201,
      ).key;
      const subscription = ok(
        await teamB.admin.post<{ id: string; status: string }>(`/api/admin/apps/${app.id}/subscriptions`, {
          route: 'team-a/petstore',
        }),
        201,
      );
      expect(subscription.status).toBe('pending');
      const pending = await vi.waitFor(
        async () => {
          const refused = await call('/v3/pet/1', { 'x-api-key': key });
          expect(refused.status).toBe(403);
          return refused;
        },
        { timeout: 5_000, interval: 50 },
      );
      expect(pending.json).toMatchObject({ error: { code: 'subscription_pending' } });
      expect(upstream.seen()).toEqual([]);

      // Nobody but the owner (or a platform admin) decides; team-a's admin approves.
      expect((await teamB.admin.post(`/api/admin/subscriptions/${subscription.id}/approve`)).status).toBe(
        403,
      );
      ok(await teamA.admin.post(`/api/admin/subscriptions/${subscription.id}/approve`));

      const withKey = await vi.waitFor(
        async () => {
          const answer = await call('/v3/pet/1', { 'x-api-key': key });
          expect(answer.status).toBe(200);
          return answer;
        },
        { timeout: 5_000, interval: 50 },
      );
      expect(withKey.json).toMatchObject({ id: 1, name: 'doggie' });
      const token = await new SignJWT({ azp: app.id })
        .setSubject('mobile-backend')
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime('5m')
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .sign(signingKey);
      const withJwt = await call('/v3/pet/1', { authorization: `Bearer ${token}` });
      expect(withJwt.status, JSON.stringify(withJwt.json)).toBe(200);
      const added = await call('/v3/pet', { 'x-api-key': key }, { name: 'rex', photoUrls: [] });
      expect(added.status, JSON.stringify(added.json)).toBe(200);
      expect(added.json).toMatchObject({ id: 10, name: 'rex' });
      // The upstream got the path below the base path, and never the consumer's credential.
      expect(upstream.seen()).toEqual([
        { method: 'GET', path: '/pet/1', authorization: undefined },
        { method: 'GET', path: '/pet/1', authorization: undefined },
        { method: 'POST', path: '/pet', authorization: undefined },
      ]);

      // Every call is in the call log, with the REST columns.
      for (const requestId of [withKey.requestId, withJwt.requestId]) {
        const logged = await loggedCall(requestId);
        expect(logged).toMatchObject({
          route: 'team-a/petstore',
          endpoint: '/v3/pet/:petId',
          status: 200,
          tenantId: teamB.id,
          appId: app.id,
          rest: { method: 'GET', upstreamNode: upstream.url },
        });
        const rest = logged['rest'] as JsonObject;
        expect(Number(rest['bytesOut'])).toBeGreaterThan(0);
      }
      const postLogged = await loggedCall(added.requestId);
      expect(postLogged).toMatchObject({ endpoint: '/v3/pet', rest: { method: 'POST' } });
      expect(Number((postLogged['rest'] as JsonObject)['bytesIn'])).toBeGreaterThan(0);
      expect((await loggedCall(pending.requestId))['status']).toBe(403);
      const listed = ok(
        await teamB.admin.get<{ items: JsonObject[] }>('/api/admin/logs?route=team-a/petstore'),
      );
      expect(listed.items.map((item) => item['requestId'])).toEqual(
        expect.arrayContaining([withKey.requestId, withJwt.requestId]),
      );

      // Analytics: the refused call and the three served ones, for this service.
      const now = Date.now();
      const analytics = ok(
        await platform.get<{ items: JsonObject[] }>(
          `/api/admin/analytics?granularity=minute&from=${String(now - 3_600_000)}&to=${String(now + 60_000)}&group_by=route`,
        ),
      );
      const rows = analytics.items.filter(
        (item) => (item['group'] as JsonObject)['route'] === 'team-a/petstore',
      );
      const sum = (field: string) => rows.reduce((total, item) => total + Number(item[field]), 0);
      expect([sum('requests'), sum('errors')]).toEqual([4, 1]);

      // The consumer reads the served document: Portico is its server.
      const served = ok(await teamB.admin.get(`/api/admin/services/${imported.id}/openapi`));
      expect(served['servers']).toEqual([{ url: `${dataUrl}/v3` }]);

      // A third tenant sees nothing of team-b's side: not its app, its subscription or its calls.
      expect((await teamC.admin.get(`/api/admin/apps/${app.id}/subscriptions`)).status).toBe(404);
      expect((await teamC.admin.get(`/api/admin/logs/${withKey.requestId}`)).status).toBe(404);
      const cLogs = ok(await teamC.admin.get<{ items: JsonObject[] }>('/api/admin/logs'));
      expect(cLogs.items).toEqual([]);

      // Made private, the service vanishes for other tenants: admin API and data plane alike.
      ok(await teamA.admin.patch(`/api/admin/services/${imported.id}`, { visibility: 'private' }));
      expect((await teamC.admin.get(`/api/admin/services/${imported.id}`)).status).toBe(404);
      expect((await teamC.admin.get(`/api/admin/services/${imported.id}/openapi`)).status).toBe(404);
      expect((await teamB.admin.get(`/api/admin/services/${imported.id}/openapi`)).status).toBe(404);
      expect((await teamA.admin.get(`/api/admin/services/${imported.id}/openapi`)).status).toBe(200);
      await vi.waitFor(
        async () => {
          const hidden = await call('/v3/pet/1', { 'x-api-key': key });
          expect(hidden.status).toBe(404);
          expect(hidden.json).toMatchObject({ error: { code: 'not_found' } });
        },
        { timeout: 5_000, interval: 50 },
      );
    },
  );

  it.skipIf(skip)('publishes the same service through apply (openapi_file) and exports it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'portico-apply-rest-'));
    writeFileSync(join(folder, 'petstore.yaml'), petstoreYaml);
    const file = [
      'tenants:',
      '  - name: team-d',
      '    apps: [{ name: shop }]',
      'services:',
      '  - name: team-d/pets',
      '    tenant: team-d',
      '    requires_approval: true',
      '    base_path: /pets-d',
      "    routes: [{ path: '/pet/:petId', methods: [GET] }, { path: /pet, methods: [POST] }]",
      `    upstream: { nodes: [{ url: '${upstream.url}' }] }`,
      '    auth: { modes: [key] }',
      '    openapi_file: ./petstore.yaml',
      '',
    ].join('\n');
    // What `portico apply -f` does before it sends the file: inline the OpenAPI document.
    const yaml = inlineOpenApiFilesInYaml(file, folder);
    const applied = ok(
      await platform.post<{ changes: number; entries: JsonObject[] }>('/api/admin/apply?dry_run=false', {
        yaml,
      }),
    );
    expect(applied.entries).toContainEqual({ kind: 'service', name: 'team-d/pets', action: 'create' });
    const again = ok(await platform.post<{ changes: number }>('/api/admin/apply?dry_run=false', { yaml }));
    expect(again.changes).toBe(0);

    const services = ok(await platform.get<{ items: ServiceBody[] }>('/api/admin/services?q=team-d'));
    const service = services.items.find((item) => item.name === 'team-d/pets');
    expect(service).toBeDefined();
    const served = ok(await platform.get(`/api/admin/services/${service?.id ?? ''}/openapi`));
    expect(served['servers']).toEqual([{ url: `${dataUrl}/pets-d` }]);

    // The platform admin gives team-d's app a key; approval gates the call as for an import.
    const tenants = ok(await platform.get<{ items: { id: string; name: string }[] }>('/api/admin/tenants'));
    const teamD = tenants.items.find((tenant) => tenant.name === 'team-d')?.id ?? '';
    const apps = ok(await platform.get<{ items: { id: string }[] }>(`/api/admin/tenants/${teamD}/apps`));
    const appId = apps.items[0]?.id ?? '';
    const key = ok(
      await platform.post<{ key: string }>(`/api/admin/apps/${appId}/keys`, { name: 'k' }),
      201,
    ).key;
    const subscription = ok(
      await platform.post<{ id: string }>(`/api/admin/apps/${appId}/subscriptions`, { route: 'team-d/pets' }),
      201,
    );
    ok(await platform.post(`/api/admin/subscriptions/${subscription.id}/approve`));
    const answer = await vi.waitFor(
      async () => {
        const result = await call('/pets-d/pet/7', { authorization: `Bearer ${key}` });
        expect(result.status).toBe(200);
        return result;
      },
      { timeout: 5_000, interval: 50 },
    );
    expect(answer.json).toMatchObject({ id: 7 });
    expect(await loggedCall(answer.requestId)).toMatchObject({
      route: 'team-d/pets',
      endpoint: '/pets-d/pet/:petId',
    });

    const exported = await fetch(`${gateway.adminUrl ?? ''}/api/admin/export`, {
      headers: { cookie: (await loginCookie()) ?? '' },
    });
    const text = await exported.text();
    expect(text).toContain('name: team-d/pets');
    expect(text).toContain('base_path: /pets-d');
    expect(text).toContain('Swagger Petstore');
  });

  const loginCookie = async (): Promise<string | undefined> => {
    const response = await fetch(`${gateway.adminUrl ?? ''}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    return response.headers.get('set-cookie')?.split(';')[0];
  };
});
