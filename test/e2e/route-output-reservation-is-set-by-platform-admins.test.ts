import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdmin, type AdminClient, type TestAdmin } from '../support/admin-client.js';

/**
 * A route's `reserved_output_tokens` bounds how far budgets can be overspent by calls without
 * `max_tokens`, so a tenant admin who owns a route cannot lower it under the platform's budgets.
 */
describe("a route's output reservation", () => {
  let admin: TestAdmin;
  let tenantAdmin: AdminClient;
  const spec = (extra: Record<string, unknown> = {}) => ({
    targets: [{ provider: 'openai-main', model: 'gpt-4o' }],
    ...extra,
  });

  beforeAll(async () => {
    admin = await startAdmin(':memory:');
    const provider = await admin.asAdmin.post('/api/admin/providers', {
      id: 'openai-main',
      type: 'openai',
      api_key: 'sk-test-reservation',
    });
    expect(provider.status).toBe(201);
    tenantAdmin = (await admin.createTenantWithAdmin('frugal')).client;
  });
  afterAll(async () => {
    await admin.close();
  });

  it('is set by platform admins only; route owners may change everything else', async () => {
    const lowered = await tenantAdmin.post('/api/admin/routes', {
      name: 'frugal/cheap-looking',
      spec: spec({ reserved_output_tokens: 1 }),
    });
    expect(lowered.status).toBe(403);
    expect(JSON.stringify(lowered.body)).toContain('reserved_output_tokens');

    const created = await tenantAdmin.post('/api/admin/routes', {
      name: 'frugal/own-route',
      spec: spec({ max_choices: 2 }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/api/admin/routes/${String(created.body['id'])}`;
    expect((await tenantAdmin.patch(path, { spec: spec({ reserved_output_tokens: 1 }) })).status).toBe(403);

    const raised = await admin.asAdmin.patch(path, { spec: spec({ reserved_output_tokens: 16_384 }) });
    expect(raised.status).toBe(200);
    expect(raised.body['spec']).toMatchObject({ reserved_output_tokens: 16_384 });
    // The owner keeps the platform's value while changing other settings, and cannot change it.
    expect(
      (await tenantAdmin.patch(path, { spec: spec({ reserved_output_tokens: 16_384, max_choices: 4 }) }))
        .status,
    ).toBe(200);
    expect((await tenantAdmin.patch(path, { spec: spec({ max_choices: 4 }) })).status).toBe(403);
    expect((await tenantAdmin.patch(path, { description: 'still mine' })).status).toBe(200);
  });
});
