import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminPerStore, type AdminClient, type JsonObject } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();
const credentialSecret = 'Bearer upstream-SECRET-77aa99';
const petstore = readFileSync(new URL('../fixtures/openapi/petstore-3.0.yaml', import.meta.url), 'utf8');

interface Page {
  items: JsonObject[];
  next_cursor: string | null;
}

/** A minimal valid spec under `basePath`. */
function spec(basePath: string, extra: JsonObject = {}): JsonObject {
  return {
    base_path: basePath,
    routes: [{ path: '/items' }, { path: '/items/:id', methods: ['GET', 'DELETE'] }],
    upstream: { nodes: [{ url: 'http://127.0.0.1:9/' }] },
    ...extra,
  };
}

describe.each(storeTargets)('HTTP services admin API on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip);
  let platform: AdminClient;
  let teamA: { tenantId: string; client: AdminClient };
  let teamB: { tenantId: string; client: AdminClient };
  let developerA: AdminClient;

  const auditText = async () =>
    JSON.stringify(await admin().store.db.selectFrom('audit_log').selectAll().execute());

  beforeAll(async () => {
    if (skip) return;
    platform = admin().asAdmin;
    teamA = await admin().createTenantWithAdmin('team-a');
    teamB = await admin().createTenantWithAdmin('team-b');
    developerA = await admin().createUser(teamA.tenantId, 'developer');
  });

  it.skipIf(skip)(
    'creates, reads, lists, patches and deletes a service; the credential is write-only',
    async () => {
      const created = await teamA.client.post('/api/admin/services', {
        name: 'team-a/orders',
        description: 'Orders API',
        spec: spec('/orders', { upstream_credential: { header: 'Authorization', value: credentialSecret } }),
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'team-a/orders',
        kind: 'http',
        tenant_id: teamA.tenantId,
        visibility: 'private',
        lifecycle: 'draft',
        release: 1,
        spec: { base_path: '/orders', upstream_credential: { header: 'Authorization', value_set: true } },
      });
      const id = String(created.body['id']);
      const got = await teamA.client.get(`/api/admin/services/${id}`);
      expect(got.status).toBe(200);
      expect(JSON.stringify(got.body)).not.toContain('upstream-SECRET');
      const stored = await admin()
        .store.db.selectFrom('routes')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(stored.kind).toBe('http');
      expect(stored.spec).not.toContain('upstream-SECRET');
      expect(admin().secrets.open(stored.credential_sealed ?? '')).toBe(credentialSecret);

      // A spec without the value keeps the stored credential; a changed spec is release 2.
      const patched = await teamA.client.patch(`/api/admin/services/${id}`, {
        spec: spec('/orders', { upstream_credential: { header: 'Authorization' }, max_body_bytes: 1000 }),
        note: 'cap bodies',
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ release: 2, spec: { upstream_credential: { value_set: true } } });
      const after = await admin()
        .store.db.selectFrom('routes')
        .select('credential_sealed')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(admin().secrets.open(after.credential_sealed ?? '')).toBe(credentialSecret);

      // Fields only: no new release.
      const renamed = await teamA.client.patch(`/api/admin/services/${id}`, { description: 'Orders v2' });
      expect(renamed.body).toMatchObject({ release: 2, description: 'Orders v2' });

      const listed = await teamA.client.get<Page>('/api/admin/services?q=orders');
      expect(listed.body.items.map((item) => item['id'])).toEqual([id]);
      expect((await teamA.client.get<Page>('/api/admin/services?lifecycle=published')).body.items).toEqual(
        [],
      );

      expect(await auditText()).not.toContain('upstream-SECRET');
      expect(admin().rawLogs()).not.toContain('upstream-SECRET');

      // Model routes never see HTTP services.
      expect((await platform.get(`/api/admin/routes/${id}`)).status).toBe(404);
      expect(
        (await platform.get<Page>('/api/admin/routes')).body.items.map((item) => item['id']),
      ).not.toContain(id);

      expect((await teamA.client.delete(`/api/admin/services/${id}`)).status).toBe(204);
      expect((await teamA.client.get(`/api/admin/services/${id}`)).status).toBe(404);
      const releases = await admin()
        .store.db.selectFrom('service_releases')
        .select('id')
        .where('service_id', '=', id)
        .execute();
      expect(releases).toEqual([]);
    },
  );

  it.skipIf(skip)(
    'keeps tenants apart: private services are invisible and unchangeable to others',
    async () => {
      const created = await teamA.client.post('/api/admin/services', {
        name: 'team-a/private',
        spec: spec('/a-private'),
        lifecycle: 'published',
      });
      expect(created.status).toBe(201);
      const id = String(created.body['id']);
      expect((await teamB.client.get(`/api/admin/services/${id}`)).status).toBe(404);
      expect((await teamB.client.patch(`/api/admin/services/${id}`, { description: 'x' })).status).toBe(404);
      expect((await teamB.client.delete(`/api/admin/services/${id}`)).status).toBe(404);
      expect((await teamB.client.get(`/api/admin/services/${id}/releases`)).status).toBe(404);
      expect(
        (await teamB.client.get<Page>('/api/admin/services')).body.items.map((item) => item['id']),
      ).not.toContain(id);
      // A tenant admin names services under its handle and creates only for its own tenant.
      const foreignName = await teamB.client.post('/api/admin/services', {
        name: 'orders-b',
        spec: spec('/b'),
      });
      expect(foreignName.status).toBe(403);
      const foreignTenant = await teamB.client.post('/api/admin/services', {
        name: 'team-b/x',
        tenant_id: teamA.tenantId,
        spec: spec('/b'),
      });
      expect(foreignTenant.status).toBe(404);
      // Developers read but do not change.
      expect((await developerA.get(`/api/admin/services/${id}`)).status).toBe(200);
      expect((await developerA.patch(`/api/admin/services/${id}`, { description: 'x' })).status).toBe(403);
      // Shared and published: other tenants see it (and its document, when it has one).
      expect((await teamA.client.patch(`/api/admin/services/${id}`, { visibility: 'shared' })).status).toBe(
        200,
      );
      expect((await teamB.client.get(`/api/admin/services/${id}`)).status).toBe(200);
      expect((await teamB.client.patch(`/api/admin/services/${id}`, { description: 'x' })).status).toBe(403);
      // Another tenant's app subscribes to it like to a model route; the owner approves.
      await teamA.client.patch(`/api/admin/services/${id}`, { requires_approval: true });
      const appB = String(
        (await teamB.client.post(`/api/admin/tenants/${teamB.tenantId}/apps`, { name: 'client' })).body['id'],
      );
      const subscribed = await teamB.client.post(`/api/admin/apps/${appB}/subscriptions`, {
        route: 'team-a/private',
      });
      expect(subscribed.status).toBe(201);
      expect(subscribed.body).toMatchObject({ status: 'pending', route_name: 'team-a/private' });
      const decided = `/api/admin/subscriptions/${String(subscribed.body['id'])}/approve`;
      const approved = await teamA.client.post(decided, {});
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved' });
    },
  );

  it.skipIf(skip)('refuses bad specs with a 400 naming the field', async () => {
    const post = (body: JsonObject) => platform.post('/api/admin/services', { name: 'bad', ...body });
    const cases: [JsonObject, string][] = [
      [{ spec: spec('/v1/things') }, "'spec.base_path'"],
      [{ spec: spec('/healthz') }, "'spec.base_path'"],
      [{ spec: spec('/') }, "'spec.base_path'"],
      [{ spec: spec('/models/x') }, "'spec.base_path'"],
      [{ spec: { ...spec('/ok'), surprise: 1 } }, 'surprise'],
      [{ spec: spec('/ok', { routes: [{ path: '/a/*/b' }] }) }, "'spec.routes[0].path'"],
      [{ spec: spec('/ok', { upstream: { nodes: [] } }) }, 'spec/upstream/nodes'],
      [
        { spec: spec('/ok', { upstream_credential: { header: 'X-Key', value: 'a\r\nb' } }) },
        'upstream_credential',
      ],
      [
        { spec: spec('/ok', { auth: { modes: ['jwt'] } }) },
        "Invalid 'spec.auth.jwt': auth.modes includes 'jwt'",
      ],
      [
        { spec: spec('/ok', { auth: { modes: ['jwt'], jwt: { issuer: 'https://idp.example' } } }) },
        "Invalid 'spec.auth.jwt': auth.jwt needs a jwks_url",
      ],
      [
        {
          spec: spec('/ok', {
            auth: { modes: ['key'], jwt: { jwks_url: 'https://idp.example/jwks', algorithms: ['none'] } },
          }),
        },
        "'spec.auth.jwt'",
      ],
      [{ spec: spec('/ok', { ip_allow: ['10.0.0.0/8', '10.0.0.0/33'] }) }, "'spec.ip_allow[1]'"],
      [{ spec: spec('/ok', { ip_deny: ['not-an-ip'] }) }, "'spec.ip_deny[0]'"],
      [
        {
          spec: spec('/ok', {
            routes: [{ path: '/items/:id', transforms: { rewrite_path: '/v2/:itemId' } }],
          }),
        },
        "'spec.routes[0].transforms.rewrite_path': '/v2/:itemId' uses :itemId",
      ],
      [
        { spec: spec('/ok', { transforms: { rewrite_path: '/all/*' } }) },
        "'spec.transforms.rewrite_path': '/all/*' uses *",
      ],
    ];
    for (const [body, field] of cases) {
      const answer = await post(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(answer.body)).toContain(field);
    }
    expect((await platform.get<Page>('/api/admin/services?q=bad')).body.items).toEqual([]);
    const fine = await post({
      spec: spec('/fine', {
        routes: [{ path: '/items/:id', transforms: { rewrite_path: '/v2/items/:id' } }, { path: '/files/*' }],
        transforms: { rewrite_path: '/store/*' },
        ip_allow: ['10.0.0.0/8', '::ffff:192.0.2.1', '2001:db8::/32'],
      }),
    });
    expect(fine.status, JSON.stringify(fine.body)).toBe(201);
    const patched = await platform.patch(`/api/admin/services/${String(fine.body['id'])}`, {
      spec: spec('/fine', { ip_deny: ['300.1.1.1'] }),
    });
    expect(patched.status).toBe(400);
    expect(JSON.stringify(patched.body)).toContain("'spec.ip_deny[0]'");
  });

  it.skipIf(skip)('keeps base paths apart unless header versions of one path', async () => {
    const first = await platform.post('/api/admin/services', { name: 'billing', spec: spec('/billing') });
    expect(first.status).toBe(201);
    for (const basePath of ['/billing', '/billing/', '/billing/v2', '/']) {
      const clash = await platform.post('/api/admin/services', { name: 'billing-2', spec: spec(basePath) });
      expect(clash.status, basePath).toBeGreaterThanOrEqual(400);
      expect(clash.status, basePath).toBeLessThan(500);
    }
    expect(
      (await platform.post('/api/admin/services', { name: 'billingx', spec: spec('/billingx') })).status,
    ).toBe(201);
    const v1 = { header: 'X-Api-Version', name: 'v1', default: true };
    const v2 = { header: 'X-Api-Version', name: 'v2' };
    expect(
      (await platform.post('/api/admin/services', { name: 'maps-v1', spec: spec('/maps', { version: v1 }) }))
        .status,
    ).toBe(201);
    expect(
      (await platform.post('/api/admin/services', { name: 'maps-v2', spec: spec('/maps', { version: v2 }) }))
        .status,
    ).toBe(201);
    const again = await platform.post('/api/admin/services', {
      name: 'maps-v2b',
      spec: spec('/maps', { version: v2 }),
    });
    expect(again.status).toBe(409);
    const twoDefaults = await platform.post('/api/admin/services', {
      name: 'maps-v3',
      spec: spec('/maps', { version: { header: 'X-Api-Version', name: 'v3', default: true } }),
    });
    expect(twoDefaults.status).toBe(409);
    expect(JSON.stringify(twoDefaults.body)).toContain('default');
    // Names span model routes and HTTP services.
    const taken = await platform.post('/api/admin/services', { name: 'billing', spec: spec('/other') });
    expect(taken.status).toBe(409);
  });

  it.skipIf(skip)('lists releases and rolls back to an earlier spec as a new release', async () => {
    const created = await platform.post('/api/admin/services', { name: 'weather', spec: spec('/weather') });
    const id = String(created.body['id']);
    await platform.patch(`/api/admin/services/${id}`, { spec: spec('/weather', { max_body_bytes: 10 }) });
    await platform.patch(`/api/admin/services/${id}`, { spec: spec('/weather', { max_body_bytes: 20 }) });
    const releases = await platform.get<Page>(`/api/admin/services/${id}/releases?limit=2`);
    expect(releases.body.items.map((item) => [item['number'], item['live']])).toEqual([
      [3, true],
      [2, false],
    ]);
    const older = await platform.get<Page>(
      `/api/admin/services/${id}/releases?cursor=${releases.body.next_cursor}`,
    );
    expect(older.body.items.map((item) => item['number'])).toEqual([1]);
    const one = await platform.get(`/api/admin/services/${id}/releases/1`);
    expect(one.body).toMatchObject({ number: 1, note: 'create', live: false });
    expect((await platform.get(`/api/admin/services/${id}/releases/9`)).status).toBe(404);

    const rolled = await platform.post(`/api/admin/services/${id}/rollback`, { release: 1, note: 'bad cap' });
    expect(rolled.status).toBe(200);
    expect(rolled.body['release']).toBe(4);
    expect((rolled.body['spec'] as JsonObject)['max_body_bytes']).toBeUndefined();
    const four = await platform.get(`/api/admin/services/${id}/releases/4`);
    expect(four.body).toMatchObject({ note: 'rollback to 1: bad cap', live: true });
    expect((await platform.post(`/api/admin/services/${id}/rollback`, { release: 1 })).status).toBe(409);
    expect((await platform.post(`/api/admin/services/${id}/rollback`, { release: 42 })).status).toBe(400);
  });

  it.skipIf(skip)('imports an OpenAPI document and serves it with the data plane as server', async () => {
    const imported = await teamA.client.post('/api/admin/services/import', {
      document: petstore,
      name: 'team-a/petstore',
      upstream_url: 'http://127.0.0.1:9/api/v3',
      lifecycle: 'published',
      visibility: 'shared',
    });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ name: 'team-a/petstore', has_openapi: true, release: 1 });
    const id = String(imported.body['id']);
    const routes = (imported.body['spec'] as { routes: JsonObject[] }).routes;
    expect(routes.map((route) => route['path'])).toContain('/pet/:petId');
    const served = await teamB.client.get(`/api/admin/services/${id}/openapi`);
    expect(served.status).toBe(200);
    const servers = served.body['servers'] as { url: string }[];
    expect(servers[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);
    const broken = await teamA.client.post('/api/admin/services/import', { document: 'openapi: 2.0\n' });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body)).toContain("'document'");
    const both = await teamA.client.post('/api/admin/services/import', {
      document: petstore,
      url: 'http://x/',
    });
    expect(both.status).toBe(400);
    const privateUrl = await teamA.client.post('/api/admin/services/import', {
      url: 'http://127.0.0.1:9/openapi.json',
    });
    expect(privateUrl.status).toBe(400);
    expect(JSON.stringify(privateUrl.body)).toContain("'url'");
  });
});
