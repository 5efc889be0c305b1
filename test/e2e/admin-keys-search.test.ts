import { describe, expect, it } from 'vitest';
import { adminPerStore, type JsonObject } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();

interface KeyPage {
  items: JsonObject[];
  next_cursor: string | null;
}

describe.each(storeTargets)('GET /api/admin/keys on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip);

  it.skipIf(skip)('lists keys across apps with filters, keyset pages and tenant isolation', async () => {
    const a = await admin().createTenantWithAdmin('keys-a');
    const b = await admin().createTenantWithAdmin('keys-b');
    const appA = await a.client.post(`/api/admin/tenants/${a.tenantId}/apps`, { name: 'shop' });
    const appB = await b.client.post(`/api/admin/tenants/${b.tenantId}/apps`, { name: 'blog' });
    const appAId = String(appA.body['id']);
    const appBId = String(appB.body['id']);
    const prod = await a.client.post(`/api/admin/apps/${appAId}/keys`, { name: 'Prod 100%' });
    const staging = await a.client.post(`/api/admin/apps/${appAId}/keys`, { name: 'staging' });
    await a.client.post(`/api/admin/apps/${appAId}/keys`, { name: 'old', expires_at: 1 });
    await b.client.post(`/api/admin/apps/${appBId}/keys`, { name: 'prod-b' });
    await a.client.post(`/api/admin/keys/${String(staging.body['id'])}/revoke`);

    const all = await admin().asAdmin.get<KeyPage>('/api/admin/keys');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(4);
    expect(JSON.stringify(all.body)).not.toContain(String(prod.body['key']));
    expect(all.body.items[0]).not.toHaveProperty('key_hash');

    const names = async (query: string, client = a.client) => {
      const answer = await client.get<KeyPage>(`/api/admin/keys${query}`);
      expect(answer.status).toBe(200);
      return answer.body.items.map((item) => item['name']).sort();
    };
    expect(await names('')).toEqual(['Prod 100%', 'old', 'staging']);
    expect(await names('?q=PROD')).toEqual(['Prod 100%']);
    expect(await names('?q=100%25')).toEqual(['Prod 100%']);
    // `_` is no wildcard: "o_d" would match "old" otherwise.
    expect(await names('?q=o_d')).toEqual([]);
    expect(await names(`?q=${String(prod.body['prefix'])}`)).toEqual(['Prod 100%']);
    expect(await names('?status=active')).toEqual(['Prod 100%']);
    expect(await names('?status=revoked')).toEqual(['staging']);
    expect(await names('?status=expired')).toEqual(['old']);
    expect(await names(`?app_id=${appAId}&status=active`)).toEqual(['Prod 100%']);
    expect(await names(`?tenant_id=${b.tenantId}`, admin().asAdmin)).toEqual(['prod-b']);
    // Another tenant's app filters down to nothing; another tenant named outright is a 404.
    expect(await names(`?app_id=${appBId}`)).toEqual([]);
    const foreign = await a.client.get(`/api/admin/keys?tenant_id=${b.tenantId}`);
    expect(foreign.status).toBe(404);
    const viewer = await admin().createUser(a.tenantId, 'viewer');
    expect(await names('?status=active', viewer)).toEqual(['Prod 100%']);

    const first = await a.client.get<KeyPage>('/api/admin/keys?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.next_cursor).not.toBeNull();
    const second = await a.client.get<KeyPage>(
      `/api/admin/keys?limit=2&cursor=${first.body.next_cursor ?? ''}`,
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.next_cursor).toBeNull();

    const bad = await a.client.get('/api/admin/keys?status=lost');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('querystring/status');
    expect((await admin().anonymous.get('/api/admin/keys')).status).toBe(401);
    const document = (await (await fetch(`${admin().url}/api/docs/json`)).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    const parameters = document.paths['/api/admin/keys']?.get?.parameters?.map((parameter) => parameter.name);
    expect(parameters).toEqual(
      expect.arrayContaining(['tenant_id', 'app_id', 'q', 'status', 'limit', 'cursor']),
    );
  });

  it.skipIf(skip)(
    'stays fast on 10,000 keys: a filtered page is an index range, not a full read',
    async () => {
      const tenant = await admin().createTenantWithAdmin('keys-many');
      const app = await tenant.client.post(`/api/admin/tenants/${tenant.tenantId}/apps`, { name: 'bulk' });
      const appId = String(app.body['id']);
      const now = Date.now();
      const rows = Array.from({ length: 10_000 }, (_, index) => ({
        id: `key_bulk${String(index).padStart(6, '0')}`,
        tenant_id: tenant.tenantId,
        app_id: appId,
        name: `bulk key ${index}`,
        prefix: `pk-b${String(index).padStart(6, '0')}`,
        key_hash: `hash-${index}`,
        expires_at: null,
        revoked_at: index % 10 === 0 ? now : null,
        rotated_to: null,
        allowed_models: null,
        last_used_at: null,
        created_at: now,
      }));
      for (let start = 0; start < rows.length; start += 500) {
        await admin()
          .store.db.insertInto('api_keys')
          .values(rows.slice(start, start + 500))
          .execute();
      }
      const started = performance.now();
      const page = await tenant.client.get<KeyPage>('/api/admin/keys?status=revoked&limit=25');
      const filtered = await tenant.client.get<KeyPage>('/api/admin/keys?q=key%209999');
      const elapsed = performance.now() - started;
      expect(page.body.items).toHaveLength(25);
      expect(page.body.next_cursor).not.toBeNull();
      expect(filtered.body.items.map((item) => item['name'])).toEqual(['bulk key 9999']);
      // Generous for a shared 2-core host; a full read with per-row work took seconds.
      expect(elapsed).toBeLessThan(1_500);
    },
  );
});
