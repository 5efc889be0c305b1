import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startControlPlane } from '../../src/control-plane/start-control-plane.js';
import { KeyHasher } from '../../src/storage/key-hasher.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { createLogger } from '../../src/telemetry/create-logger.js';
import { adminClient } from '../support/admin-client.js';
import { bootstrapAdmin } from '../../src/control-plane/bootstrap-admin.js';
import { verifyPassword } from '../../src/control-plane/hash-password.js';
import { openStore } from '../../src/storage/open-store.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();

/** pg-pool's end() resolves before its sockets close; let them close before a forced drop. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe.each(storeTargets)('bootstrapAdmin on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;

  it.skipIf(skip)('creates admin with a generated one-time password when none is given', async () => {
    const created = await target.create();
    const store = await openStore(created.url);
    try {
      const first = await bootstrapAdmin(store);
      expect(first).toMatchObject({ username: 'admin', generated: true });
      expect(first?.password.length).toBeGreaterThanOrEqual(20);
      const user = await store.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(user).toMatchObject({ username: 'admin', role: 'platform_admin', tenant_id: null, disabled: 0 });
      expect(await verifyPassword(user.password_hash, first?.password ?? '')).toBe(true);
      expect(await bootstrapAdmin(store, 'given-password')).toBeUndefined();
      const audit = await store.db.selectFrom('audit_log').selectAll().execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: 'system', action: 'user.bootstrap', target_id: user.id });
    } finally {
      await store.close();
      await settle();
      await created.drop();
    }
  });

  it.skipIf(skip)('uses the given password and says it was not generated', async () => {
    const created = await target.create();
    const store = await openStore(created.url);
    try {
      expect(await bootstrapAdmin(store, 'from-the-environment')).toEqual({
        username: 'admin',
        password: 'from-the-environment',
        generated: false,
      });
    } finally {
      await store.close();
      await settle();
      await created.drop();
    }
  });

  it.skipIf(skip)('startControlPlane creates admin from bootstrapPassword, logging no password', async () => {
    const created = await target.create();
    const store = await openStore(created.url);
    let logs = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logs += chunk.toString('utf8');
        callback();
      },
    });
    const masterKey = randomBytes(32);
    const running = await startControlPlane({
      host: '127.0.0.1',
      port: 0,
      store,
      secrets: new SecretBox(masterKey),
      hasher: new KeyHasher(masterKey),
      logger: createLogger('info', sink),
      changed: () => undefined,
      bootstrapPassword: 'env-given-password',
    });
    try {
      const client = adminClient(running.url, {}, undefined);
      const login = await client.post('/api/admin/login', {
        username: 'admin',
        password: 'env-given-password',
      });
      expect(login.status).toBe(200);
      expect(logs).toContain('created the first platform admin');
      expect(logs).not.toContain('env-given-password');
    } finally {
      await running.close();
      await store.close();
      await settle();
      await created.drop();
    }
  });
});
