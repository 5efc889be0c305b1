import { describe, expect, it } from 'vitest';
import { adminPerStore, type JsonObject } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();

interface Page {
  items: JsonObject[];
  next_cursor: string | null;
}

describe.each(storeTargets)('tenant → app → key → rotate → revoke on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip);

  it.skipIf(skip)('runs the whole key lifecycle, storing only hashes and auditing every step', async () => {
    const changesBefore = admin().changes();
    const tenant = await admin().asAdmin.post('/api/admin/tenants', {
      name: 'team-a',
      display_name: 'Team A',
    });
    expect(tenant.status).toBe(201);
    const tenantId = String(tenant.body['id']);
    expect(tenantId).toMatch(/^ten_/);
    const developer = await admin().createUser(tenantId, 'developer');

    const app = await developer.post(`/api/admin/tenants/${tenantId}/apps`, {
      name: 'billing',
      description: 'x',
    });
    expect(app.status).toBe(201);
    const appId = String(app.body['id']);
    const renamed = await developer.patch(`/api/admin/apps/${appId}`, { description: 'Billing service' });
    expect(renamed.body).toMatchObject({
      name: 'billing',
      description: 'Billing service',
      tenant_id: tenantId,
    });

    const created = await developer.post(`/api/admin/apps/${appId}/keys`, { name: 'prod' });
    expect(created.status).toBe(201);
    const key = String(created.body['key']);
    const keyId = String(created.body['id']);
    expect(key).toMatch(/^pk-[A-Za-z0-9]{40}$/);
    expect(created.body).toMatchObject({ prefix: key.slice(0, 11), app_id: appId, tenant_id: tenantId });
    const stored = await admin()
      .store.db.selectFrom('api_keys')
      .selectAll()
      .where('id', '=', keyId)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).toBe(admin().hasher.hash(key));

    const listed = await developer.get<Page>(`/api/admin/apps/${appId}/keys`);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).not.toHaveProperty('key');
    expect(listed.body.items[0]).not.toHaveProperty('key_hash');
    expect(JSON.stringify(listed.body)).not.toContain(key);

    const before = Date.now();
    const rotated = await developer.post(`/api/admin/keys/${keyId}/rotate`, { grace_seconds: 3600 });
    expect(rotated.status).toBe(201);
    const newKey = String(rotated.body['key']);
    const newId = String(rotated.body['id']);
    expect(newKey).not.toBe(key);
    const old = await admin()
      .store.db.selectFrom('api_keys')
      .selectAll()
      .where('id', '=', keyId)
      .executeTakeFirstOrThrow();
    expect(old.rotated_to).toBe(newId);
    expect(old.expires_at).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(old.expires_at).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(old.revoked_at).toBeNull();
    const again = await developer.post(`/api/admin/keys/${keyId}/rotate`);
    expect(again.status).toBe(409);

    const revoked = await developer.post(`/api/admin/keys/${newId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body['revoked_at']).toEqual(expect.any(Number));
    const newRow = await admin()
      .store.db.selectFrom('api_keys')
      .selectAll()
      .where('id', '=', newId)
      .executeTakeFirstOrThrow();
    expect(newRow.revoked_at).not.toBeNull();
    expect(newRow.key_hash).toBe(admin().hasher.hash(newKey));

    // tenant, app, app patch, key, rotate, revoke: each one tells the data plane.
    expect(admin().changes() - changesBefore).toBe(6);

    const audit = await admin().asAdmin.get<Page>(`/api/admin/audit?tenant_id=${tenantId}`);
    const actions = audit.body.items.map((entry) => entry['action']);
    expect(actions).toEqual([
      'key.revoke',
      'key.rotate',
      'key.create',
      'app.update',
      'app.create',
      'user.login',
      'user.create',
      'tenant.create',
    ]);
    const text = JSON.stringify(audit.body);
    for (const secret of [key, newKey, stored.key_hash, newRow.key_hash]) expect(text).not.toContain(secret);
    const rotation = audit.body.items[1];
    expect(rotation).toMatchObject({ actor: developer.userId, target_type: 'api_key', target_id: keyId });
    expect(rotation?.['after']).toMatchObject({ rotated_to: newId });
    const filtered = await admin().asAdmin.get<Page>(
      `/api/admin/audit?target_type=api_key&target_id=${keyId}&from=${before}`,
    );
    expect(filtered.body.items.map((entry) => entry['action'])).toEqual(['key.rotate']);

    expect(admin().rawLogs()).not.toContain(key);
    expect(admin().rawLogs()).not.toContain(newKey);
  });

  it.skipIf(skip)('masks secret-looking fields in audit rows at any depth', async () => {
    const { tenantId, client } = await admin().createTenantWithAdmin('audit-masking');
    const user = await client.post('/api/admin/users', {
      username: 'masked-reset',
      password: 'initial-password',
      role: 'viewer',
    });
    const reset = await client.patch(`/api/admin/users/${String(user.body['id'])}`, {
      password: 'reset-password',
    });
    expect(reset.status).toBe(200);
    const audit = await client.get<Page>(`/api/admin/audit?action=user.update&tenant_id=${tenantId}`);
    expect(audit.body.items[0]?.['after']).toMatchObject({ password: '***', username: 'masked-reset' });
    const rows = await admin()
      .store.db.selectFrom('audit_log')
      .select(['before', 'after'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const text = JSON.stringify(rows);
    expect(text).not.toContain('reset-password');
    expect(text).not.toContain('initial-password');
    expect(text).not.toContain('$argon2');
  });

  it.skipIf(skip)('deletes an app with its keys, and a tenant with everything in it', async () => {
    const { tenantId, client } = await admin().createTenantWithAdmin('short-lived');
    const app = await client.post(`/api/admin/tenants/${tenantId}/apps`, { name: 'gone' });
    const appId = String(app.body['id']);
    await client.post(`/api/admin/apps/${appId}/keys`, { name: 'k1' });
    expect((await client.delete(`/api/admin/apps/${appId}`)).status).toBe(204);
    expect((await client.get(`/api/admin/apps/${appId}`)).status).toBe(404);
    const keys = await admin()
      .store.db.selectFrom('api_keys')
      .selectAll()
      .where('app_id', '=', appId)
      .execute();
    expect(keys).toEqual([]);

    expect((await client.delete(`/api/admin/tenants/${tenantId}`)).status).toBe(403);
    expect((await admin().asAdmin.delete(`/api/admin/tenants/${tenantId}`)).status).toBe(204);
    expect((await admin().asAdmin.get(`/api/admin/tenants/${tenantId}`)).status).toBe(404);
    const users = await admin()
      .store.db.selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(users).toEqual([]);
    expect((await client.get('/api/admin/me')).status).toBe(401);
  });

  it.skipIf(skip)('pages through lists with limit and cursor', async () => {
    const { tenantId, client } = await admin().createTenantWithAdmin('paging');
    const names = ['a1', 'a2', 'a3', 'a4', 'a5'];
    for (const name of names) await client.post(`/api/admin/tenants/${tenantId}/apps`, { name });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await client.get<Page>(`/api/admin/tenants/${tenantId}/apps?limit=2${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => String(item['name'])));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(names);
    expect((await client.get(`/api/admin/tenants/${tenantId}/apps?limit=501`)).status).toBe(400);
    expect((await client.get(`/api/admin/tenants/${tenantId}/apps?limit=0`)).status).toBe(400);

    const audit = await client.get<Page>('/api/admin/audit?limit=2');
    const next = await client.get<Page>(`/api/admin/audit?limit=2&cursor=${String(audit.body.next_cursor)}`);
    expect(Number(next.body.items[0]?.['id'])).toBeLessThan(Number(audit.body.items[1]?.['id']));
  });

  it.skipIf(skip)('lets only one of two concurrent rotations of a key win', async () => {
    const { tenantId, client } = await admin().createTenantWithAdmin('racing');
    const app = await client.post(`/api/admin/tenants/${tenantId}/apps`, { name: 'race' });
    const key = await client.post(`/api/admin/apps/${String(app.body['id'])}/keys`, { name: 'k' });
    const path = `/api/admin/keys/${String(key.body['id'])}/rotate`;
    const results = await Promise.all([client.post(path), client.post(path), client.post(path)]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409]);
    const keys = await admin()
      .store.db.selectFrom('api_keys')
      .selectAll()
      .where('app_id', '=', String(app.body['id']))
      .execute();
    expect(keys).toHaveLength(2);
  });

  it.skipIf(skip)('refuses duplicates with 409 conflict', async () => {
    expect((await admin().asAdmin.post('/api/admin/tenants', { name: 'dupe' })).status).toBe(201);
    const again = await admin().asAdmin.post('/api/admin/tenants', { name: 'dupe' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'conflict' } });
    const user = await admin().asAdmin.post('/api/admin/users', {
      username: 'admin',
      password: 'long-enough',
      role: 'platform_admin',
    });
    expect(user.status).toBe(409);
  });
});
