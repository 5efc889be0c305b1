import { describe, expect, it } from 'vitest';
import { adminClient } from '../support/admin-client.js';
import { startGateway } from '../support/start-gateway.js';
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

  it.skipIf(skip)(
    'Portico creates the admin from PORTICO_ADMIN_PASSWORD at start, logging no password',
    async () => {
      const created = await target.create();
      const gateway = await startGateway(
        'server: { direct_model_access: false }\n',
        {},
        { storeUrl: created.url, controlPlane: true, adminPassword: 'env-given-password' },
      );
      try {
        // The CLI announces this admin as created "with the password from PORTICO_ADMIN_PASSWORD".
        expect(gateway.bootstrappedAdmin).toEqual({
          username: 'admin',
          password: 'env-given-password',
          generated: false,
        });
        const client = adminClient(gateway.adminUrl ?? '', {}, undefined);
        const login = await client.post('/api/admin/login', {
          username: 'admin',
          password: 'env-given-password',
        });
        expect(login.status).toBe(200);
        expect(gateway.rawLogs()).not.toContain('env-given-password');
      } finally {
        await gateway.close();
        await settle();
        await created.drop();
      }
    },
  );
});
