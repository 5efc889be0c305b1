import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import type { AdminPlugin } from '../../src/control-plane/admin-context.js';
import { adminPerStore, testPassword, type JsonObject } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();

/** Test-only routes: one that fails unexpectedly, one that audits an object full of secrets. */
const probeRoutes: AdminPlugin = (app, deps) => {
  app.get('/api/admin/test/explode', { schema: { tags: ['test'] } }, () => {
    throw new Error('database password is hunter2 at /srv/portico');
  });
  app.post(
    '/api/admin/test/audit',
    { schema: { tags: ['test'], body: Type.Object({}, { additionalProperties: true }) } },
    async (request) => {
      const principal = deps.principal(request);
      await deps.store.db.transaction().execute((trx) =>
        deps.audit(trx, {
          actor: principal,
          action: 'probe.write',
          targetType: 'probe',
          targetId: 'probe-1',
          tenantId: null,
          before: null,
          after: request.body,
        }),
      );
      return { ok: true };
    },
  );
};

describe.each(storeTargets)('admin API surface on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip, [probeRoutes]);

  it.skipIf(skip)('publishes an OpenAPI 3.1 document with every route tagged, and Swagger UI', async () => {
    const response = await fetch(`${admin().url}/api/docs/json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { tags?: string[]; responses?: object }>>;
      components: { securitySchemes: object };
    };
    expect(document.openapi).toBe('3.1.0');
    for (const path of [
      '/api/admin/login',
      '/api/admin/me',
      '/api/admin/me/password',
      '/api/admin/tokens',
      '/api/admin/tokens/{id}',
      '/api/admin/tenants',
      '/api/admin/tenants/{tenantId}',
      '/api/admin/users',
      '/api/admin/users/{userId}',
      '/api/admin/tenants/{tenantId}/apps',
      '/api/admin/apps/{appId}',
      '/api/admin/apps/{appId}/keys',
      '/api/admin/keys',
      '/api/admin/keys/{id}/rotate',
      '/api/admin/keys/{id}/revoke',
      '/api/admin/audit',
      '/healthz',
      '/readyz',
    ]) {
      expect(document.paths, path).toHaveProperty([path]);
    }
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    expect(document.components.securitySchemes).toHaveProperty('bearer');
    expect(JSON.stringify(document.paths['/api/admin/apps/{appId}/keys'])).toContain('"prefix"');
    const ui = await fetch(`${admin().url}/api/docs`);
    expect(ui.status).toBe(200);
  });

  it.skipIf(skip)('answers /healthz and /readyz without a credential', async () => {
    expect(await (await fetch(`${admin().url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${admin().url}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it.skipIf(skip)('names the failing field in a 400 invalid_request', async () => {
    const response = await admin().asAdmin.post('/api/admin/tenants', { name: 'Not A Handle!' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: { code: 'invalid_request', message: expect.stringContaining('name') as string },
    });
    const missing = await admin().asAdmin.post('/api/admin/tokens', {});
    expect(missing.body).toEqual({
      error: { code: 'invalid_request', message: expect.stringContaining('name') as string },
    });
    const broken = await fetch(`${admin().url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it.skipIf(skip)('hides internals behind 500 internal_error and logs them instead', async () => {
    const response = await admin().asAdmin.get('/api/admin/test/explode');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      error: { code: 'internal_error', message: expect.any(String) as string },
    });
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
    expect(admin().rawLogs()).toContain('admin request failed');
  });

  it.skipIf(skip)('refuses a body over 1 MiB and answers unknown routes with JSON 404', async () => {
    const big = await admin().asAdmin.post('/api/admin/tenants', {
      name: 'big',
      display_name: 'x'.repeat(1_100_000),
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ error: { code: 'invalid_request' } });
    const missing = await admin().asAdmin.get('/api/admin/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'not_found' } });
  });

  it.skipIf(skip)('masks secret-named fields in audit rows at any depth, keeping numbers', async () => {
    const written = await admin().asAdmin.post('/api/admin/test/audit', {
      name: 'openai-main',
      api_key: 'sk-live-123',
      headers: { Authorization: 'Bearer x', client_secret: 'shh' },
      api_keys: ['sk-1', 'sk-2'],
      targets: [{ provider: 'p', token: 'tok' }],
      tokens_per_minute: 5000,
      password_hash: null,
    });
    expect(written.status).toBe(200);
    const row = await admin()
      .store.db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'probe.write')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.after ?? 'null')).toEqual({
      name: 'openai-main',
      api_key: '***',
      headers: { Authorization: '***', client_secret: '***' },
      api_keys: '***',
      targets: [{ provider: 'p', token: '***' }],
      tokens_per_minute: 5000,
      password_hash: null,
    });
    expect(row.actor).toMatch(/^usr_/);
  });

  it.skipIf(skip)('records token-made changes under token:<id>', async () => {
    const token = await admin().asAdmin.post('/api/admin/tokens', { name: 'automation' });
    const viaToken = admin().withToken(String(token.body['token']));
    const tenant = await viaToken.post('/api/admin/tenants', { name: 'made-by-token' });
    expect(tenant.status).toBe(201);
    const audit = await admin().asAdmin.get<{ items: JsonObject[] }>(
      `/api/admin/audit?target_id=${String(tenant.body['id'])}`,
    );
    expect(audit.body.items[0]).toMatchObject({
      action: 'tenant.create',
      actor: `token:${String(token.body['id'])}`,
    });
  });

  it.skipIf(skip)('never logs request bodies, cookies or authorization headers', async () => {
    await admin().login('admin', testPassword);
    const logs = admin().rawLogs();
    expect(logs).toContain('"route":"/api/admin/login"');
    expect(logs).not.toContain(testPassword);
    expect(logs).not.toMatch(/portico_session=|Bearer |"cookie"|"authorization"/i);
  });
});
