import { beforeAll, describe, expect, it } from 'vitest';
import { adminPerStore, type AdminClient } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();

describe.each(storeTargets)('roles on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip);
  let tenantId: string;
  let tenantAdmin: AdminClient;
  let developer: AdminClient;
  let viewer: AdminClient;
  let appId: string;
  let keyId: string;

  beforeAll(async () => {
    if (skip) return;
    ({ tenantId, client: tenantAdmin } = await admin().createTenantWithAdmin('roles'));
    developer = await admin().createUser(tenantId, 'developer');
    viewer = await admin().createUser(tenantId, 'viewer');
    const app = await developer.post(`/api/admin/tenants/${tenantId}/apps`, { name: 'roles-app' });
    appId = String(app.body['id']);
    const key = await developer.post(`/api/admin/apps/${appId}/keys`, { name: 'k' });
    keyId = String(key.body['id']);
  });

  it.skipIf(skip)('lets a viewer read but not write', async () => {
    expect((await viewer.get(`/api/admin/tenants/${tenantId}`)).status).toBe(200);
    expect((await viewer.get(`/api/admin/tenants/${tenantId}/apps`)).status).toBe(200);
    expect((await viewer.get(`/api/admin/apps/${appId}`)).status).toBe(200);
    expect((await viewer.get(`/api/admin/apps/${appId}/keys`)).status).toBe(200);
    expect((await viewer.get('/api/admin/audit')).status).toBe(200);
    const writes: [string, string, unknown][] = [
      ['POST', `/api/admin/tenants/${tenantId}/apps`, { name: 'viewer-app' }],
      ['PATCH', `/api/admin/apps/${appId}`, { name: 'viewer-rename' }],
      ['DELETE', `/api/admin/apps/${appId}`, undefined],
      ['POST', `/api/admin/apps/${appId}/keys`, { name: 'viewer-key' }],
      ['POST', `/api/admin/keys/${keyId}/rotate`, {}],
      ['POST', `/api/admin/keys/${keyId}/revoke`, undefined],
      ['PATCH', `/api/admin/tenants/${tenantId}`, { display_name: 'viewer' }],
    ];
    for (const [method, path, body] of writes) {
      const call = method === 'POST' ? viewer.post : method === 'PATCH' ? viewer.patch : viewer.delete;
      const response = await call(path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body).toMatchObject({ error: { code: 'forbidden' } });
    }
    const key = await admin()
      .store.db.selectFrom('api_keys')
      .selectAll()
      .where('id', '=', keyId)
      .executeTakeFirst();
    expect(key).toMatchObject({ revoked_at: null, rotated_to: null });
  });

  it.skipIf(skip)('lets a developer manage apps and keys but not users or the tenant', async () => {
    const app = await developer.post(`/api/admin/tenants/${tenantId}/apps`, { name: 'dev-app' });
    expect(app.status).toBe(201);
    expect((await developer.delete(`/api/admin/apps/${String(app.body['id'])}`)).status).toBe(204);
    expect((await developer.get('/api/admin/users')).status).toBe(403);
    const created = await developer.post('/api/admin/users', {
      username: 'dev-made',
      password: 'long-enough',
      role: 'viewer',
    });
    expect(created.status).toBe(403);
    const viewerId = String((await viewer.get('/api/admin/me')).body['id']);
    expect((await developer.patch(`/api/admin/users/${viewerId}`, { role: 'tenant_admin' })).status).toBe(
      403,
    );
    expect((await developer.delete(`/api/admin/users/${viewerId}`)).status).toBe(403);
    expect((await developer.patch(`/api/admin/tenants/${tenantId}`, { display_name: 'dev' })).status).toBe(
      403,
    );
    expect((await developer.post('/api/admin/tenants', { name: 'dev-tenant' })).status).toBe(403);
  });

  it.skipIf(skip)(
    'lets a tenant admin manage users of the tenant, never granting platform_admin',
    async () => {
      const created = await tenantAdmin.post('/api/admin/users', {
        username: 'ta-made',
        password: 'long-enough',
        role: 'developer',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ tenant_id: tenantId, role: 'developer' });
      expect(created.body).not.toHaveProperty('password_hash');
      const userId = String(created.body['id']);
      const promoted = await tenantAdmin.patch(`/api/admin/users/${userId}`, { role: 'viewer' });
      expect(promoted.body).toMatchObject({ role: 'viewer' });
      expect((await tenantAdmin.patch(`/api/admin/users/${userId}`, { role: 'platform_admin' })).status).toBe(
        403,
      );
      const platform = await tenantAdmin.post('/api/admin/users', {
        username: 'ta-platform',
        password: 'long-enough',
        role: 'platform_admin',
      });
      expect(platform.status).toBe(403);
      const listed = await tenantAdmin.get<{ items: { tenant_id: string; password_hash?: string }[] }>(
        '/api/admin/users',
      );
      expect(listed.body.items.length).toBe(4);
      for (const user of listed.body.items) {
        expect(user.tenant_id).toBe(tenantId);
        expect(user).not.toHaveProperty('password_hash');
      }
      const adminId = String((await admin().asAdmin.get('/api/admin/me')).body['id']);
      expect((await tenantAdmin.get(`/api/admin/users/${adminId}`)).status).toBe(404);
      const self = String((await tenantAdmin.get('/api/admin/me')).body['id']);
      expect((await tenantAdmin.delete(`/api/admin/users/${self}`)).status).toBe(400);
      expect((await tenantAdmin.delete(`/api/admin/users/${userId}`)).status).toBe(204);
      expect(
        (await tenantAdmin.patch(`/api/admin/tenants/${tenantId}`, { display_name: 'Roles' })).status,
      ).toBe(200);
      expect((await tenantAdmin.delete(`/api/admin/tenants/${tenantId}`)).status).toBe(403);
    },
  );

  it.skipIf(skip)('lets only a platform admin create and list every tenant and user', async () => {
    const tenants = await tenantAdmin.get<{ items: { id: string }[] }>('/api/admin/tenants');
    expect(tenants.body.items.map((tenant) => tenant.id)).toEqual([tenantId]);
    expect((await tenantAdmin.post('/api/admin/tenants', { name: 'ta-tenant' })).status).toBe(403);
    const all = await admin().asAdmin.get<{ items: unknown[] }>('/api/admin/users?limit=500');
    expect(all.body.items.length).toBeGreaterThan(3);
    const tenantless = await admin().asAdmin.post('/api/admin/users', {
      username: 'orphan',
      password: 'long-enough',
      role: 'developer',
    });
    expect(tenantless.status).toBe(400);
  });
});
