import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoginThrottleOptions } from '../../src/control-plane/login-throttle.js';
import { bootstrapAdmin } from '../../src/control-plane/bootstrap-admin.js';
import { startControlPlane, type RunningControlPlane } from '../../src/control-plane/start-control-plane.js';
import { KeyHasher } from '../../src/storage/key-hasher.js';
import { openStore, type Store } from '../../src/storage/open-store.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { createLogger } from '../../src/telemetry/create-logger.js';
import {
  adminClient,
  startAdmin,
  testPassword,
  type AdminResponse,
  type JsonObject,
  type TestAdmin,
} from '../support/admin-client.js';

type Page = { items: JsonObject[]; next_cursor: string | null };

const started: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const running of started.splice(0)) await running.close();
});

/** A control plane over a fresh SQLite store, with the default throttle (10 per user, 50 per address). */
async function freshAdmin(): Promise<TestAdmin> {
  const admin = await startAdmin(':memory:');
  started.push(admin);
  return admin;
}

function login(url: string, username: string, password: string): Promise<AdminResponse<JsonObject>> {
  return adminClient(url, {}, undefined).post('/api/admin/login', { username, password });
}

function expectThrottled(response: AdminResponse<JsonObject>, maxSeconds: number): number {
  expect(response.status).toBe(429);
  expect(response.body).toMatchObject({ error: { code: 'too_many_attempts' } });
  expect(response.headers.get('set-cookie')).toBeNull();
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  return retryAfter;
}

async function statuses(calls: Promise<AdminResponse<JsonObject>>[]): Promise<Record<number, number>> {
  const counts: Record<number, number> = {};
  for (const response of await Promise.all(calls))
    counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}

describe('login throttling', () => {
  it('refuses a username from an address after 10 failures, even with the right password, and only that username', async () => {
    const admin = await freshAdmin();
    const { username } = await admin.createTenantWithAdmin('locked-out');
    // Concurrent guesses cannot overshoot: each attempt counts from the moment it is let in.
    const guesses = Array.from({ length: 15 }, (_, i) => login(admin.url, username, `wrong-${i}`));
    expect(await statuses(guesses)).toEqual({ 401: 10, 429: 5 });
    expectThrottled(await login(admin.url, username, testPassword), 15 * 60);
    expect((await login(admin.url, 'admin', testPassword)).status).toBe(200);
  });

  it('refuses an address after 50 failures, whatever the username', async () => {
    const admin = await freshAdmin();
    const guesses = Array.from({ length: 60 }, (_, i) =>
      login(admin.url, `ghost-${i % 20}`, 'wrong-password'),
    );
    expect(await statuses(guesses)).toEqual({ 401: 50, 429: 10 });
    expectThrottled(await login(admin.url, 'admin', testPassword), 15 * 60);
  });

  it('forgets a username’s failures after a successful sign-in', async () => {
    const admin = await freshAdmin();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++)
        expect((await login(admin.url, 'admin', 'wrong-password')).status).toBe(401);
      expect((await login(admin.url, 'admin', testPassword)).status).toBe(200);
    }
  });

  it('lets the username in again once its failures leave the 15-minute window', async () => {
    let now = Date.UTC(2030, 0, 1);
    const running = await startWithClock(() => now);
    for (let i = 0; i < 10; i++) {
      expect((await login(running.url, 'admin', 'wrong-password')).status).toBe(401);
      now += 1_000;
    }
    now += 60_000;
    // The first failure (70 s ago) leaves the window in 15 min - 70 s.
    expect(expectThrottled(await login(running.url, 'admin', testPassword), 900)).toBe(15 * 60 - 70);
    now += (15 * 60 - 70) * 1000 + 1;
    expect((await login(running.url, 'admin', testPassword)).status).toBe(200);
  });
});

describe('login auditing', () => {
  it('audits sign-ins, failed sign-ins (with the username, never the password) and logouts', async () => {
    const admin = await freshAdmin();
    const { tenantId, username } = await admin.createTenantWithAdmin('audited');
    const wrongPassword = 'not-the-password-42';
    expect((await login(admin.url, username, wrongPassword)).status).toBe(401);
    expect((await login(admin.url, 'nobody-here', wrongPassword)).status).toBe(401);
    const signedIn = await login(admin.url, username, testPassword);
    expect(signedIn.status).toBe(200);
    const userId = String(signedIn.body['id']);
    const cookie = signedIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect((await adminClient(admin.url, { cookie }, userId).post('/api/admin/logout')).status).toBe(204);

    const audit = await admin.asAdmin.get<Page>('/api/admin/audit?limit=500');
    const entries = audit.body.items.filter((entry) => String(entry['action']).startsWith('user.log'));
    const ours = entries.filter(
      (entry) => entry['target_id'] === userId || JSON.stringify(entry['after']).includes('nobody-here'),
    );
    expect(ours.map((entry) => entry['action'])).toEqual([
      'user.logout',
      'user.login',
      'user.login_failed',
      'user.login_failed',
      'user.login',
    ]);
    const [logout, signIn, unknownUser, wrong] = ours;
    expect(logout).toMatchObject({ actor: userId, target_type: 'user', tenant_id: tenantId });
    expect(signIn).toMatchObject({
      actor: userId,
      target_type: 'user',
      target_id: userId,
      tenant_id: tenantId,
    });
    expect(signIn?.['after']).toMatchObject({ address: expect.any(String) as string });
    expect(unknownUser).toMatchObject({ actor: 'anonymous', target_id: '', tenant_id: null });
    expect(unknownUser?.['after']).toMatchObject({ username: 'nobody-here', reason: 'unknown_user' });
    expect(wrong).toMatchObject({ actor: 'anonymous', target_id: userId, tenant_id: tenantId });
    expect(wrong?.['after']).toMatchObject({ username, reason: 'wrong_password' });
    expect(JSON.stringify(audit.body)).not.toContain(wrongPassword);
    expect(JSON.stringify(audit.body)).not.toContain(testPassword);

    const ownTenant = await admin.asAdmin.get<Page>(
      `/api/admin/audit?tenant_id=${tenantId}&action=user.login_failed`,
    );
    expect(ownTenant.body.items).toHaveLength(1);
  });

  it('audits every attempt the throttle refuses, with the address and the reason', async () => {
    const admin = await freshAdmin();
    for (let i = 0; i < 12; i++) await login(admin.url, 'admin', 'wrong-password');
    const failed = await admin.asAdmin.get<Page>('/api/admin/audit?action=user.login_failed&limit=500');
    expect(failed.body.items).toHaveLength(10);
    const refused = await admin.asAdmin.get<Page>('/api/admin/audit?action=user.login_throttled&limit=500');
    expect(refused.body.items).toHaveLength(2);
    expect(refused.body.items[0]).toMatchObject({ actor: 'anonymous', target_id: admin.asAdmin.userId });
    expect(refused.body.items[0]?.['after']).toMatchObject({
      username: 'admin',
      address: '127.0.0.1',
      reason: 'user_from_address',
    });
  });
});

describe('login throttling cannot lock the owner out', () => {
  it('refuses only the guessing address; the owner signs in from elsewhere, slowed, never refused', async () => {
    const running = await startWithClock(Date.now, { slowdownMs: 5 });
    // Eleven addresses guess admin's password ten times each: 110 failures from everywhere.
    for (let host = 2; host <= 12; host++) {
      for (let i = 0; i < 10; i++)
        expect((await loginFrom(running.url, `127.0.0.${host}`, 'wrong-password')).status).toBe(401);
      expect((await loginFrom(running.url, `127.0.0.${host}`, testPassword)).status).toBe(429);
    }
    const owner = await loginFrom(running.url, '127.0.0.1', testPassword);
    expect(owner.status).toBe(200);
    const cookie = owner.cookie ?? '';
    const audit = await adminClient(running.url, { cookie }, undefined).get<Page>(
      '/api/admin/audit?action=user.login&limit=1',
    );
    // The sign-in was slowed (the username is under attack), and says so.
    expect(audit.body.items[0]?.['after']).toMatchObject({ address: '127.0.0.1', slowed_ms: 5 });
  });
});

/** Signs in as `admin` from a given loopback address (Linux routes all of 127.0.0.0/8 to lo). */
function loginFrom(
  url: string,
  localAddress: string,
  password: string,
): Promise<{ status: number; cookie: string | undefined }> {
  const body = JSON.stringify({ username: 'admin', password });
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url}/api/admin/login`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            cookie: response.headers['set-cookie']?.[0]?.split(';')[0],
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** A control plane whose login throttle reads `now` as its clock. */
async function startWithClock(
  now: () => number,
  limits: LoginThrottleOptions = {},
): Promise<RunningControlPlane> {
  const store: Store = await openStore(':memory:');
  const masterKey = Buffer.alloc(32, 9);
  await bootstrapAdmin(store, testPassword);
  const running = await startControlPlane({
    host: '127.0.0.1',
    port: 0,
    store,
    secrets: new SecretBox(masterKey),
    hasher: new KeyHasher(masterKey),
    logger: createLogger('error'),
    changed: () => undefined,
    loginThrottle: { now, ...limits },
  });
  started.push({
    close: async () => {
      await running.close();
      await store.close();
    },
  });
  return running;
}
