import { describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../src/control-plane/bootstrap-admin.js';
import { adminPerStore, testPassword, type JsonObject } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();

describe.each(storeTargets)('admin authentication on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip);

  it.skipIf(skip)('signs in with a password and sets a strict HttpOnly session cookie', async () => {
    const response = await fetch(`${admin().url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testPassword }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^portico_session=ps-[A-Za-z0-9]{40};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain(`Max-Age=${12 * 3600}`);
    const body = (await response.json()) as JsonObject;
    expect(body).toMatchObject({ username: 'admin', role: 'platform_admin', tenant_id: null });
    expect(body).not.toHaveProperty('password_hash');
    const me = await admin().asAdmin.get('/api/admin/me');
    expect(me.body).toMatchObject({ username: 'admin', role: 'platform_admin' });
  });

  it.skipIf(skip)('stores the password as argon2id and the session as a hash only', async () => {
    const user = await admin()
      .store.db.selectFrom('users')
      .selectAll()
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const sessions = await admin()
      .store.db.selectFrom('credentials')
      .selectAll()
      .where('kind', '=', 'session')
      .execute();
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) expect(session.secret_hash).not.toMatch(/^ps-/);
  });

  it.skipIf(skip)('answers a wrong password and an unknown user with the same 401', async () => {
    const wrong = await admin().anonymous.post('/api/admin/login', {
      username: 'admin',
      password: 'nope-nope',
    });
    const unknown = await admin().anonymous.post('/api/admin/login', {
      username: 'ghost',
      password: 'nope-nope',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) as string } });
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it.skipIf(skip)('refuses every admin route without a credential, and with a made-up one', async () => {
    for (const path of ['/api/admin/me', '/api/admin/tenants', '/api/admin/audit', '/api/admin/tokens']) {
      const response = await admin().anonymous.get(path);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'unauthenticated' } });
    }
    expect((await admin().withToken('pat-madeup').get('/api/admin/me')).status).toBe(401);
    const forged = await fetch(`${admin().url}/api/admin/me`, {
      headers: { cookie: 'portico_session=ps-forged' },
    });
    expect(forged.status).toBe(401);
  });

  it.skipIf(skip)(
    'creates an admin token shown once, lists only its prefix, and accepts it as Bearer',
    async () => {
      const created = await admin().asAdmin.post('/api/admin/tokens', { name: 'ci', expires_in_days: 7 });
      expect(created.status).toBe(201);
      const token = String(created.body['token']);
      expect(token).toMatch(/^pat-[A-Za-z0-9]{40}$/);
      expect(created.body['prefix']).toBe(token.slice(0, 12));
      const days = (Number(created.body['expires_at']) - Number(created.body['created_at'])) / 86_400_000;
      expect(days).toBe(7);
      const listed = await admin().asAdmin.get('/api/admin/tokens');
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body)).not.toContain(token);
      expect(JSON.stringify(listed.body)).not.toContain('secret_hash');
      expect(listed.body['items']).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: created.body['id'], name: 'ci' })]),
      );
      const me = await admin().withToken(token).get('/api/admin/me');
      expect(me.status).toBe(200);
      expect(me.body['username']).toBe('admin');
      const row = await admin()
        .store.db.selectFrom('credentials')
        .selectAll()
        .where('id', '=', String(created.body['id']))
        .executeTakeFirstOrThrow();
      expect(row.secret_hash).toBe(admin().hasher.hash(token));
      expect(row.last_used_at).not.toBeNull();
    },
  );

  it.skipIf(skip)('refuses an expired token and a revoked token', async () => {
    const expiring = await admin().asAdmin.post('/api/admin/tokens', { name: 'short' });
    const expiringToken = String(expiring.body['token']);
    expect((await admin().withToken(expiringToken).get('/api/admin/me')).status).toBe(200);
    await admin()
      .store.db.updateTable('credentials')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', String(expiring.body['id']))
      .execute();
    expect((await admin().withToken(expiringToken).get('/api/admin/me')).status).toBe(401);

    const revoking = await admin().asAdmin.post('/api/admin/tokens', { name: 'doomed' });
    const revokingToken = String(revoking.body['token']);
    expect((await admin().withToken(revokingToken).get('/api/admin/me')).status).toBe(200);
    const deleted = await admin().asAdmin.delete(`/api/admin/tokens/${String(revoking.body['id'])}`);
    expect(deleted.status).toBe(204);
    expect((await admin().withToken(revokingToken).get('/api/admin/me')).status).toBe(401);
  });

  it.skipIf(skip)("cannot revoke another user's token", async () => {
    const { client } = await admin().createTenantWithAdmin('token-owner');
    const theirs = await client.post('/api/admin/tokens', { name: 'mine' });
    const attempt = await admin().asAdmin.delete(`/api/admin/tokens/${String(theirs.body['id'])}`);
    expect(attempt.status).toBe(404);
    expect((await admin().withToken(String(theirs.body['token'])).get('/api/admin/me')).status).toBe(200);
  });

  it.skipIf(skip)('logs out: the session cookie stops working', async () => {
    const client = await admin().login('admin', testPassword);
    expect((await client.get('/api/admin/me')).status).toBe(200);
    const out = await client.post('/api/admin/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await client.get('/api/admin/me')).status).toBe(401);
  });

  it.skipIf(skip)('changes the password: old one refused, other sessions ended, audit masked', async () => {
    const { tenantId, client, username } = await admin().createTenantWithAdmin('password-change');
    const other = await admin().login(username, testPassword);
    const wrong = await client.put('/api/admin/me/password', {
      current: 'wrong-password',
      new: 'brand-new-pass',
    });
    expect(wrong.status).toBe(400);
    const short = await client.put('/api/admin/me/password', { current: testPassword, new: 'short' });
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ error: { code: 'invalid_request' } });
    expect(JSON.stringify(short.body)).toContain('new');
    const changed = await client.put('/api/admin/me/password', {
      current: testPassword,
      new: 'brand-new-pass',
    });
    expect(changed.status).toBe(204);
    expect((await client.get('/api/admin/me')).status).toBe(200);
    expect((await other.get('/api/admin/me')).status).toBe(401);
    await expect(admin().login(username, testPassword)).rejects.toThrow(/401/);
    await admin().login(username, 'brand-new-pass');
    const audit = await admin().asAdmin.get<{ items: JsonObject[] }>(
      `/api/admin/audit?tenant_id=${tenantId}&action=user.password_change`,
    );
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]?.['after']).toEqual({ password: '***' });
  });

  it.skipIf(skip)('refuses a disabled user, at login and on an open session', async () => {
    const { tenantId, client, username } = await admin().createTenantWithAdmin('disabled-user');
    const me = await client.get('/api/admin/me');
    const disabled = await admin().asAdmin.patch(`/api/admin/users/${String(me.body['id'])}`, {
      disabled: true,
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ disabled: true, tenant_id: tenantId });
    expect((await client.get('/api/admin/me')).status).toBe(401);
    await expect(admin().login(username, testPassword)).rejects.toThrow(/401/);
  });

  it.skipIf(skip)(
    'bootstraps an admin only once; a generated password is returned, never logged',
    async () => {
      expect(await bootstrapAdmin(admin().store, 'another')).toBeUndefined();
      expect(admin().rawLogs()).not.toContain(testPassword);
      expect(admin().rawLogs()).not.toMatch(/ps-[A-Za-z0-9]{40}|pat-[A-Za-z0-9]{40}|pk-[A-Za-z0-9]{40}/);
    },
  );
});
