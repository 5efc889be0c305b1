import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { startControlPlane } from '../../src/control-plane/start-control-plane.js';
import { KeyHasher } from '../../src/storage/key-hasher.js';
import { openStore } from '../../src/storage/open-store.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { createLogger } from '../../src/telemetry/create-logger.js';
import { adminPerStore, type AdminResponse, type JsonObject } from '../support/admin-client.js';
import { storeTargets } from '../support/test-stores.js';

type Page = { items: JsonObject[]; next_cursor: string | null };

/** The refusal every bad body gets: 400 `invalid_request`, its message naming the field. */
function expectRefused(response: AdminResponse<JsonObject>, field: string, problem: string): void {
  expect(response.status).toBe(400);
  expect(response.body).toEqual({
    error: { code: 'invalid_request', message: expect.any(String) as string },
  });
  const message = (response.body['error'] as { message: string }).message;
  expect(message).toContain(`body/${field} ${problem}`);
}

describe.each(storeTargets.filter((target) => target.name === 'sqlite'))(
  'strict request bodies on $name',
  (target) => {
    const admin = adminPerStore(target, false);

    it('refuses a number where a string is required instead of turning it into text', async () => {
      const before = await admin().asAdmin.get<Page>('/api/admin/tenants');
      const response = await admin().asAdmin.post('/api/admin/tenants', { name: 5 });
      expectRefused(response, 'name', 'must be string');
      const after = await admin().asAdmin.get<Page>('/api/admin/tenants');
      expect(after.body.items).toHaveLength(before.body.items.length);
    });

    it('refuses a string where a number or a boolean is required', async () => {
      const tenant = await admin().asAdmin.post('/api/admin/tenants', { name: 'typed-fields' });
      const tenantId = String(tenant.body['id']);
      const limit = await admin().asAdmin.put(`/api/admin/limits/tenant/${tenantId}`, {
        requests_per_minute: '60',
      });
      expectRefused(limit, 'requests_per_minute', 'must be an integer >= 1 or null');
      const token = await admin().asAdmin.post('/api/admin/tokens', { name: 'ci', expires_in_days: '7' });
      expectRefused(token, 'expires_in_days', 'must be integer');
      const { client } = await admin().createTenantWithAdmin('typed-users');
      const me = await client.get('/api/admin/me');
      const disable = await admin().asAdmin.patch(`/api/admin/users/${String(me.body['id'])}`, {
        disabled: 'true',
      });
      expectRefused(disable, 'disabled', 'must be boolean');
      expect((await client.get('/api/admin/me')).status).toBe(200);
    });

    it('refuses requests_per_minute 0 rather than reading it as "no limit", and keeps the old limit', async () => {
      const tenant = await admin().asAdmin.post('/api/admin/tenants', { name: 'limited' });
      const path = `/api/admin/limits/tenant/${String(tenant.body['id'])}`;
      const set = await admin().asAdmin.put(path, { requests_per_minute: 60 });
      expect(set.status).toBe(200);
      const changes = admin().changes();
      const zero = await admin().asAdmin.put(path, { requests_per_minute: 0 });
      expectRefused(zero, 'requests_per_minute', 'must be an integer >= 1 or null');
      expect(admin().changes()).toBe(changes);
      expect((await admin().asAdmin.get(path)).body).toMatchObject({ requests_per_minute: 60 });
      const cleared = await admin().asAdmin.put(path, { requests_per_minute: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ requests_per_minute: null });
    });

    it('refuses a string for a nullable string field instead of turning it into one', async () => {
      const response = await admin().asAdmin.post('/api/admin/routes', {
        name: 'nullable-owner',
        spec: { targets: [{ provider: 'none', model: 'none' }] },
        tenant_id: 5,
      });
      expectRefused(response, 'tenant_id', 'must be a string or null');
    });

    it('refuses an unknown field, naming it, and changes nothing', async () => {
      const created = await admin().asAdmin.post('/api/admin/tenants', {
        name: 'typo-tenant',
        dispaly_name: 'Typo Inc',
      });
      expectRefused(created, 'dispaly_name', 'is not a known field');
      const listed = await admin().asAdmin.get<Page>('/api/admin/tenants?limit=500');
      expect(listed.body.items.map((tenant) => tenant['name'])).not.toContain('typo-tenant');

      const tenant = await admin().asAdmin.post('/api/admin/tenants', { name: 'renamed-later' });
      const path = `/api/admin/tenants/${String(tenant.body['id'])}`;
      const renamed = await admin().asAdmin.patch(path, { display_name: 'New', owner: 'someone' });
      expectRefused(renamed, 'owner', 'is not a known field');
      expect((await admin().asAdmin.get(path)).body).toMatchObject({ display_name: 'renamed-later' });

      const login = await admin().anonymous.post('/api/admin/login', {
        username: 'admin',
        password: 'whatever',
        remember: true,
      });
      expectRefused(login, 'remember', 'is not a known field');
    });

    it('names a missing required field', async () => {
      const response = await admin().asAdmin.post('/api/admin/tenants', { display_name: 'No Name' });
      expectRefused(response, 'name', 'is required');
    });

    it('still reads numbers and booleans from the query string', async () => {
      for (const name of ['paged-a', 'paged-b']) await admin().asAdmin.post('/api/admin/tenants', { name });
      const page = await admin().asAdmin.get<Page>('/api/admin/tenants?limit=1');
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.next_cursor).not.toBeNull();
      const ten = await admin().asAdmin.get<Page>('/api/admin/tenants?limit=10');
      expect(ten.body.items.length).toBeGreaterThan(1);
      expect(ten.body.items.length).toBeLessThanOrEqual(10);
      const dryRun = await admin().asAdmin.post('/api/admin/apply?dry_run=true', {
        yaml: 'tenants:\n  - name: dry-run-only\n',
      });
      expect(dryRun.status).toBe(200);
      expect(dryRun.body).toMatchObject({ dry_run: true });
      const bad = await admin().asAdmin.get('/api/admin/tenants?limit=ten');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('querystring/limit must be integer');
    });
  },
);

describe('routes registered on the control plane', () => {
  it('must say whether their body takes unknown fields, or the control plane does not start', async () => {
    const store = await openStore(':memory:');
    const masterKey = Buffer.alloc(32, 7);
    try {
      const starting = startControlPlane({
        host: '127.0.0.1',
        port: 0,
        store,
        secrets: new SecretBox(masterKey),
        hasher: new KeyHasher(masterKey),
        logger: createLogger('error'),
        changed: () => undefined,
        extraRoutes: [
          (app) => {
            app.post(
              '/api/admin/test/loose',
              { schema: { body: Type.Object({ name: Type.String() }) } },
              () => Promise.resolve({}),
            );
          },
        ],
      });
      await expect(starting).rejects.toThrow(
        'The body schema of POST /api/admin/test/loose must declare additionalProperties',
      );
    } finally {
      await store.close();
    }
  });
});
