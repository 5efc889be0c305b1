import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../src/control-plane/bootstrap-admin.js';
import { startControlPlane } from '../../src/control-plane/start-control-plane.js';
import { KeyHasher } from '../../src/storage/key-hasher.js';
import { openStore } from '../../src/storage/open-store.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { createLogger } from '../../src/telemetry/create-logger.js';
import { adminClient, startAdmin, testPassword, type TestAdmin } from '../support/admin-client.js';

const started: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const running of started.splice(0)) await running.close();
});

async function freshAdmin(): Promise<TestAdmin> {
  const admin = await startAdmin(':memory:');
  started.push(admin);
  return admin;
}

/** The session cookie of a signed-in client, read back from a fresh login. */
async function sessionCookieOf(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  return response.headers.get('set-cookie')?.split(';')[0] ?? '';
}

describe('cross-site writes with the session cookie', () => {
  it('refuses text/plain and form bodies with 415, before anything changes', async () => {
    const admin = await freshAdmin();
    const cookie = await sessionCookieOf(admin.url, 'admin', testPassword);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await fetch(`${admin.url}/api/admin/tenants`, {
        method: 'POST',
        headers: { cookie, 'content-type': type },
        body: '{"name":"planted"}',
      });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    }
    const tenants = await admin.asAdmin.get<{ items: unknown[] }>('/api/admin/tenants');
    expect(JSON.stringify(tenants.body)).not.toContain('planted');
  });

  it('refuses a write from another origin or a cross-site fetch; accepts its own origin and tokens', async () => {
    const admin = await freshAdmin();
    const cookie = await sessionCookieOf(admin.url, 'admin', testPassword);
    const write = (headers: Record<string, string>, name: string) =>
      fetch(`${admin.url}/api/admin/tenants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ name }),
      });
    const sibling = admin.url.replace(/:\d+$/, ':9999');
    const foreign = await write({ cookie, origin: sibling }, 'from-sibling');
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await write({ cookie, origin: 'null' }, 'from-null')).status).toBe(403);
    expect((await write({ cookie, 'sec-fetch-site': 'same-site' }, 'same-site')).status).toBe(403);
    expect((await write({ cookie, 'sec-fetch-site': 'cross-site' }, 'cross-site')).status).toBe(403);
    expect((await write({ cookie, origin: admin.url }, 'own-origin')).status).toBe(201);
    expect((await write({ cookie, 'sec-fetch-site': 'same-origin' }, 'same-origin')).status).toBe(201);
    const token = await admin.asAdmin.post('/api/admin/tokens', { name: 'automation' });
    const bearer = { authorization: `Bearer ${String(token.body['token'])}`, origin: sibling };
    expect((await write(bearer, 'by-token')).status).toBe(201);
    // Signing in from another origin is refused too (login CSRF).
    const login = await fetch(`${admin.url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: sibling },
      body: JSON.stringify({ username: 'admin', password: testPassword }),
    });
    expect(login.status).toBe(403);
  });

  it('accepts the configured allowed origins', async () => {
    const store = await openStore(':memory:');
    const key = Buffer.alloc(32, 3);
    await bootstrapAdmin(store, testPassword);
    const running = await startControlPlane({
      host: '127.0.0.1',
      port: 0,
      store,
      secrets: new SecretBox(key),
      hasher: new KeyHasher(key),
      logger: createLogger('error'),
      changed: () => undefined,
      allowedOrigins: ['https://Console.Example.com'],
    });
    started.push({ close: async () => (await running.close(), await store.close()) });
    const cookie = await sessionCookieOf(running.url, 'admin', testPassword);
    const response = await fetch(`${running.url}/api/admin/tenants`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: 'https://console.example.com' },
      body: JSON.stringify({ name: 'via-console' }),
    });
    expect(response.status).toBe(201);
  });

  it('treats a malformed session cookie as no session: 401, not 500', async () => {
    const admin = await freshAdmin();
    const response = await fetch(`${admin.url}/api/admin/me`, {
      headers: { cookie: 'portico_session=%E0%A4%A' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });
});

describe('password changes and admin tokens', () => {
  it("refuses changing one's own password through PATCH /users (it needs the current one)", async () => {
    const admin = await freshAdmin();
    const patched = await admin.asAdmin.patch(`/api/admin/users/${admin.asAdmin.userId ?? ''}`, {
      password: 'taken-over-password',
    });
    expect(patched.status).toBe(400);
    expect(JSON.stringify(patched.body)).toContain('/api/admin/me/password');
    expect(
      (
        await adminClient(admin.url, {}, undefined).post('/api/admin/login', {
          username: 'admin',
          password: 'taken-over-password',
        })
      ).status,
    ).toBe(401);
  });

  it("a reset of another user's password ends their sessions and tokens and forces a change", async () => {
    const admin = await freshAdmin();
    const { tenantId, client, username } = await admin.createTenantWithAdmin('reset-target');
    const token = String((await client.post('/api/admin/tokens', { name: 'theirs' })).body['token']);
    const me = await client.get('/api/admin/me');
    const reset = await admin.asAdmin.patch(`/api/admin/users/${String(me.body['id'])}`, {
      password: 'handed-over-once',
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ must_change_password: true });
    expect((await client.get('/api/admin/me')).status).toBe(401);
    expect((await admin.withToken(token).get('/api/admin/me')).status).toBe(401);

    const again = await admin.login(username, 'handed-over-once');
    expect((await again.get('/api/admin/me')).body).toMatchObject({ must_change_password: true });
    const blocked = await again.get(`/api/admin/tenants/${tenantId}`);
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ error: { code: 'password_change_required' } });
    expect((await again.post('/api/admin/tokens', { name: 'sneaky' })).status).toBe(403);
    const same = await again.put('/api/admin/me/password', {
      current: 'handed-over-once',
      new: 'handed-over-once',
    });
    expect(same.status).toBe(400);
    const changed = await again.put('/api/admin/me/password', {
      current: 'handed-over-once',
      new: 'only-mine-now',
    });
    expect(changed.status).toBe(204);
    expect((await again.get(`/api/admin/tenants/${tenantId}`)).status).toBe(200);
  });

  it("changing one's own password revokes one's admin tokens, keeping the calling session", async () => {
    const admin = await freshAdmin();
    const { client } = await admin.createTenantWithAdmin('own-change');
    const token = String((await client.post('/api/admin/tokens', { name: 'old' })).body['token']);
    expect(
      (await client.put('/api/admin/me/password', { current: testPassword, new: 'next-password-1' })).status,
    ).toBe(204);
    expect((await admin.withToken(token).get('/api/admin/me')).status).toBe(401);
    expect((await client.get('/api/admin/me')).status).toBe(200);
  });

  it('gives tokens a 90-day default expiry and refuses more than 365 days', async () => {
    const admin = await freshAdmin();
    const created = await admin.asAdmin.post('/api/admin/tokens', { name: 'default' });
    expect(created.status).toBe(201);
    const days = (Number(created.body['expires_at']) - Number(created.body['created_at'])) / 86_400_000;
    expect(days).toBe(90);
    const tooLong = await admin.asAdmin.post('/api/admin/tokens', { name: 'forever', expires_in_days: 366 });
    expect(tooLong.status).toBe(400);
  });

  it('a generated bootstrap password must be changed before anything else; an operator-chosen one need not', async () => {
    const store = await openStore(':memory:');
    const key = Buffer.alloc(32, 4);
    const created = await bootstrapAdmin(store);
    const running = await startControlPlane({
      host: '127.0.0.1',
      port: 0,
      store,
      secrets: new SecretBox(key),
      hasher: new KeyHasher(key),
      logger: createLogger('error'),
      changed: () => undefined,
    });
    started.push({ close: async () => (await running.close(), await store.close()) });
    const oneTime = created?.password ?? '';
    const cookie = await sessionCookieOf(running.url, 'admin', oneTime);
    const client = adminClient(running.url, { cookie }, undefined);
    const refused = await client.get('/api/admin/tenants');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'password_change_required' } });
    expect(JSON.stringify(refused.body)).toContain('PUT /api/admin/me/password');
    expect(
      (await client.put('/api/admin/me/password', { current: oneTime, new: 'chosen-by-me-1' })).status,
    ).toBe(204);
    expect((await client.get('/api/admin/tenants')).status).toBe(200);
    // The test harness's admin got its password from the operator (PORTICO_ADMIN_PASSWORD): not forced.
    const admin = await freshAdmin();
    expect((await admin.asAdmin.get('/api/admin/tenants')).status).toBe(200);
  });
});
