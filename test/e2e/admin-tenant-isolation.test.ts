import { beforeAll, describe, expect, it } from 'vitest';
import { adminPerStore, type AdminClient, type JsonObject, type TestAdmin } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();

/** Ids of tenant B's objects, which tenant A's admin aims at. Add fields as endpoints need them. */
interface TenantB {
  tenantId: string;
  userId: string;
  appId: string;
  keyId: string;
  tokenId: string;
}

/**
 * One admin endpoint called by tenant A's admin with B's ids. Every admin endpoint that takes a
 * tenant's object belongs here: append a row for each new one (and a field in TenantB if needed).
 */
interface IsolationCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (b: TenantB) => string;
  body?: (b: TenantB) => unknown;
}

const cases: IsolationCase[] = [
  { method: 'GET', path: (b) => `/api/admin/tenants/${b.tenantId}` },
  {
    method: 'PATCH',
    path: (b) => `/api/admin/tenants/${b.tenantId}`,
    body: () => ({ display_name: 'pwned' }),
  },
  { method: 'DELETE', path: (b) => `/api/admin/tenants/${b.tenantId}` },
  { method: 'GET', path: (b) => `/api/admin/users?tenant_id=${b.tenantId}` },
  {
    method: 'POST',
    path: () => '/api/admin/users',
    body: (b) => ({
      username: 'intruder',
      password: 'long-enough',
      role: 'tenant_admin',
      tenant_id: b.tenantId,
    }),
  },
  { method: 'GET', path: (b) => `/api/admin/users/${b.userId}` },
  { method: 'PATCH', path: (b) => `/api/admin/users/${b.userId}`, body: () => ({ disabled: true }) },
  { method: 'PATCH', path: (b) => `/api/admin/users/${b.userId}`, body: () => ({ password: 'taken-over' }) },
  { method: 'DELETE', path: (b) => `/api/admin/users/${b.userId}` },
  { method: 'GET', path: (b) => `/api/admin/tenants/${b.tenantId}/apps` },
  { method: 'POST', path: (b) => `/api/admin/tenants/${b.tenantId}/apps`, body: () => ({ name: 'planted' }) },
  { method: 'GET', path: (b) => `/api/admin/apps/${b.appId}` },
  { method: 'PATCH', path: (b) => `/api/admin/apps/${b.appId}`, body: () => ({ name: 'renamed' }) },
  { method: 'DELETE', path: (b) => `/api/admin/apps/${b.appId}` },
  { method: 'GET', path: (b) => `/api/admin/apps/${b.appId}/keys` },
  { method: 'POST', path: (b) => `/api/admin/apps/${b.appId}/keys`, body: () => ({ name: 'stolen' }) },
  { method: 'POST', path: (b) => `/api/admin/keys/${b.keyId}/rotate`, body: () => ({ grace_seconds: 0 }) },
  { method: 'POST', path: (b) => `/api/admin/keys/${b.keyId}/revoke` },
  { method: 'GET', path: (b) => `/api/admin/audit?tenant_id=${b.tenantId}` },
  { method: 'DELETE', path: (b) => `/api/admin/tokens/${b.tokenId}` },
  { method: 'GET', path: (b) => `/api/admin/logs?tenant_id=${b.tenantId}` },
  {
    method: 'GET',
    path: (b) =>
      `/api/admin/analytics?granularity=day&from=1700000000000&to=1800000000000&tenant_id=${b.tenantId}`,
  },
];

const placeholders: TenantB = {
  tenantId: ':tenantId',
  userId: ':userId',
  appId: ':appId',
  keyId: ':keyId',
  tokenId: ':tokenId',
};
const labelled = cases.map((entry) => ({ ...entry, label: `${entry.method} ${entry.path(placeholders)}` }));

/** Everything stored about tenant B, to compare before and after A's attempts. */
async function snapshotOfB(admin: TestAdmin, b: TenantB): Promise<JsonObject> {
  const db = admin.store.db;
  const userIds = db.selectFrom('users').select('id').where('tenant_id', '=', b.tenantId);
  const byTenant = async (
    table: 'users' | 'apps' | 'api_keys' | 'routes' | 'subscriptions' | 'rate_limits' | 'budgets',
  ) => db.selectFrom(table).selectAll().where('tenant_id', '=', b.tenantId).orderBy('id').execute();
  return {
    tenant: await db.selectFrom('tenants').selectAll().where('id', '=', b.tenantId).execute(),
    users: await byTenant('users'),
    credentials: await db
      .selectFrom('credentials')
      .select(['id', 'kind', 'user_id', 'secret_hash', 'expires_at', 'revoked_at'])
      .where('user_id', 'in', userIds)
      .orderBy('id')
      .execute(),
    apps: await byTenant('apps'),
    keys: await byTenant('api_keys'),
    routes: await byTenant('routes'),
    subscriptions: await byTenant('subscriptions'),
    rateLimits: await byTenant('rate_limits'),
    budgets: await byTenant('budgets'),
    audit: await db
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', b.tenantId)
      .orderBy('id')
      .execute(),
  };
}

describe.each(storeTargets)('tenant isolation on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip);
  let a: AdminClient;
  let b: TenantB;

  beforeAll(async () => {
    if (skip) return;
    a = (await admin().createTenantWithAdmin('tenant-a')).client;
    const tenantB = await admin().createTenantWithAdmin('tenant-b');
    const client = tenantB.client;
    const me = await client.get('/api/admin/me');
    const app = await client.post(`/api/admin/tenants/${tenantB.tenantId}/apps`, { name: 'b-app' });
    const key = await client.post(`/api/admin/apps/${String(app.body['id'])}/keys`, { name: 'b-key' });
    const token = await client.post('/api/admin/tokens', { name: 'b-token' });
    b = {
      tenantId: tenantB.tenantId,
      userId: String(me.body['id']),
      appId: String(app.body['id']),
      keyId: String(key.body['id']),
      tokenId: String(token.body['id']),
    };
  });

  it.skipIf(skip).each(labelled)("refuses $label with B's ids and leaves B unchanged", async (entry) => {
    const before = await snapshotOfB(admin(), b);
    const path = entry.path(b);
    const body = entry.body?.(b);
    const call = { GET: a.get, POST: a.post, PUT: a.put, PATCH: a.patch, DELETE: a.delete }[entry.method];
    const response = await call(path, body);
    expect([403, 404], `${entry.method} ${path}`).toContain(response.status);
    expect(response.body).toMatchObject({
      error: { code: expect.stringMatching(/^(forbidden|not_found)$/) as string },
    });
    // A 404 from the router would prove nothing: the route must exist.
    expect(String((response.body as { error: { message: string } }).error.message)).not.toMatch(/^No route/);
    expect(await snapshotOfB(admin(), b)).toEqual(before);
  });

  it.skipIf(skip)("shows nothing of B in A's lists", async () => {
    for (const path of ['/api/admin/tenants', '/api/admin/users', '/api/admin/audit', '/api/admin/tokens']) {
      const response = await a.get(path);
      expect(response.status, path).toBe(200);
      const text = JSON.stringify(response.body);
      for (const id of Object.values(b)) expect(text, path).not.toContain(id);
    }
  });
});
