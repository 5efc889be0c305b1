import { describe, expect, it } from 'vitest';
import { adminPerStore, type AdminClient } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();
const spec = { targets: [{ provider: 'oai', model: 'gpt-4o' }] };

/**
 * Route names are claimed through the admin API so that no tenant admin can take another
 * tenant's calls or record their bodies: names keep to a safe character set, never shadow a
 * provider's direct names (`<provider-id>/...`, in either order of creation), a tenant admin
 * names routes under its own tenant's handle, and body logging on a shared route is a
 * platform admin's decision.
 */
describe.each(storeTargets)('route names and tenants on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip);

  const setUp = async (): Promise<{ platform: AdminClient; tenantAdmin: AdminClient }> => {
    const platform = admin().asAdmin;
    if ((await platform.get('/api/admin/providers/oai')).status === 404) {
      const provider = await platform.post('/api/admin/providers', {
        id: 'oai',
        type: 'openai',
        api_key: 'sk-test',
        base_url: 'http://127.0.0.1:9/v1',
      });
      expect(provider.status, JSON.stringify(provider.body)).toBe(201);
    }
    const { client } = await admin().createTenantWithAdmin(`t-${Math.random().toString(36).slice(2, 8)}`);
    return { platform, tenantAdmin: client };
  };
  const tenantHandle = async (client: AdminClient) => {
    const me = await client.get('/api/admin/me');
    const tenant = await admin().asAdmin.get(`/api/admin/tenants/${String(me.body['tenant_id'])}`);
    return String(tenant.body['name']);
  };

  it.skipIf(skip)(
    "refuses a tenant admin's shared, body-logging route named after a provider's model",
    async () => {
      const { tenantAdmin } = await setUp();
      // The reported attack: a tenant admin claims `oai/gpt-4o`, shared, logging bodies.
      const attack = await tenantAdmin.post('/api/admin/routes', {
        name: 'oai/gpt-4o',
        spec,
        visibility: 'shared',
        lifecycle: 'published',
        log_bodies: true,
      });
      expect([400, 403]).toContain(attack.status);
      const shadowing = await tenantAdmin.post('/api/admin/routes', { name: 'oai/gpt-4o', spec });
      expect(shadowing.status).toBe(400);
      expect(JSON.stringify(shadowing.body)).toContain("shadow the direct names of provider 'oai'");
      // Outside its namespace, even without a provider of that name.
      const global = await tenantAdmin.post('/api/admin/routes', { name: 'gpt-4o', spec });
      expect(global.status).toBe(403);
      expect(JSON.stringify(global.body)).toContain('names routes under');
      const routes = await admin().store.db.selectFrom('routes').select('name').execute();
      expect(routes.map((row) => row.name)).not.toContain('oai/gpt-4o');
    },
  );

  it.skipIf(skip)('lets a tenant admin name routes under its own handle only', async () => {
    const { tenantAdmin } = await setUp();
    const other = await setUp();
    const mine = await tenantHandle(tenantAdmin);
    const theirs = await tenantHandle(other.tenantAdmin);
    expect((await tenantAdmin.post('/api/admin/routes', { name: `${theirs}/model`, spec })).status).toBe(403);
    expect((await tenantAdmin.post('/api/admin/routes', { name: `${mine}/`, spec })).status).toBe(403);
    const created = await tenantAdmin.post('/api/admin/routes', { name: `${mine}/model`, spec });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = String(created.body['id']);
    expect((await tenantAdmin.patch(`/api/admin/routes/${id}`, { name: `${theirs}/model` })).status).toBe(
      403,
    );
    expect((await tenantAdmin.patch(`/api/admin/routes/${id}`, { name: 'plain' })).status).toBe(403);
    expect((await tenantAdmin.patch(`/api/admin/routes/${id}`, { name: `${mine}/renamed` })).status).toBe(
      200,
    );
  });

  it.skipIf(skip)('keeps body logging on shared routes to platform admins', async () => {
    const { platform, tenantAdmin } = await setUp();
    const mine = await tenantHandle(tenantAdmin);
    const sharedLogging = await tenantAdmin.post('/api/admin/routes', {
      name: `${mine}/logged`,
      spec,
      visibility: 'shared',
      log_bodies: true,
    });
    expect(sharedLogging.status).toBe(403);
    const privateLogging = await tenantAdmin.post('/api/admin/routes', {
      name: `${mine}/logged`,
      spec,
      log_bodies: true,
    });
    expect(privateLogging.status).toBe(201);
    const loggedId = String(privateLogging.body['id']);
    expect((await tenantAdmin.patch(`/api/admin/routes/${loggedId}`, { visibility: 'shared' })).status).toBe(
      403,
    );
    const shared = await tenantAdmin.post('/api/admin/routes', {
      name: `${mine}/shared`,
      spec,
      visibility: 'shared',
    });
    expect(shared.status).toBe(201);
    const sharedId = String(shared.body['id']);
    expect((await tenantAdmin.patch(`/api/admin/routes/${sharedId}`, { log_bodies: true })).status).toBe(403);
    expect((await platform.patch(`/api/admin/routes/${sharedId}`, { log_bodies: true })).status).toBe(200);
    // The owner may still edit its route, and switch the logging off.
    expect((await tenantAdmin.patch(`/api/admin/routes/${sharedId}`, { description: 'x' })).status).toBe(200);
    expect((await tenantAdmin.patch(`/api/admin/routes/${sharedId}`, { log_bodies: false })).status).toBe(
      200,
    );
  });

  it.skipIf(skip)('refuses a provider whose id would take over existing route names', async () => {
    const { platform } = await setUp();
    expect((await platform.post('/api/admin/routes', { name: 'later/model', spec })).status).toBe(201);
    const provider = {
      id: 'later',
      type: 'openai',
      api_key: 'sk-test',
      base_url: 'http://127.0.0.1:9/v1',
    };
    const created = await platform.post('/api/admin/providers', provider);
    expect(created.status).toBe(409);
    expect(JSON.stringify(created.body)).toContain('later/model');
    const applied = await platform.post('/api/admin/apply', {
      yaml: 'providers:\n  - { id: later, type: openai, api_key: sk-test, base_url: "http://127.0.0.1:9/v1" }\n',
    });
    expect(applied.status).toBe(409);
    expect((await platform.get('/api/admin/providers/later')).status).toBe(404);
    const shadowing = await platform.post('/api/admin/apply', {
      yaml: 'models:\n  - { name: oai/gpt-4o, targets: [{ provider: oai, model: gpt-4o }] }\n',
    });
    expect(shadowing.status).toBe(400);
    expect(JSON.stringify(shadowing.body)).toContain('models[0].name');
  });

  it
    .skipIf(skip)
    .each([
      'with space',
      'tab\tname',
      'new\nline',
      '-leading-dash',
      '/leading-slash',
      'ünïcode',
      'a'.repeat(129),
      '',
    ])('refuses the route name %j in the admin API and in apply documents', async (name) => {
    const { platform } = await setUp();
    expect((await platform.post('/api/admin/routes', { name, spec })).status).toBe(400);
    const applied = await platform.post('/api/admin/apply', {
      yaml: `models:\n  - { name: ${JSON.stringify(name)}, targets: [{ provider: oai, model: gpt-4o }] }\n`,
    });
    expect(applied.status).toBe(400);
  });

  it.skipIf(skip).each(['llama3:8b', 'gpt-4o-mini', 'team.a/model@v2+beta', 'A'.repeat(128)])(
    'accepts the route name %j',
    async (name) => {
      const { platform } = await setUp();
      expect((await platform.post('/api/admin/routes', { name, spec })).status).toBe(201);
    },
  );
});
