import { beforeAll, describe, expect, it } from 'vitest';
import { adminPerStore, testPassword, type AdminClient } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';
import { serviceDocument, serviceEnv } from '../unit/control-plane/apply/service-document.js';

const pgUp = await postgresReachable();

interface PlanAnswer {
  dry_run: boolean;
  changes: number;
  entries: { kind: string; name: string; action: string; fields?: string[] }[];
}

const tables = [
  'providers',
  'routes',
  'tenants',
  'apps',
  'api_keys',
  'subscriptions',
  'rate_limits',
  'budgets',
] as const;

describe.each(storeTargets)('apply and export over HTTP on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip);
  let platform: AdminClient;
  let tenantAdmin: AdminClient;

  const snapshot = async () => {
    const db = admin().store.db;
    const parts = await Promise.all(
      [...tables, 'audit_log' as const].map(async (table) =>
        JSON.stringify(await db.selectFrom(table).selectAll().execute()),
      ),
    );
    return parts.join('\n');
  };
  const applyYaml = (yaml: string, dryRun: boolean, env: Record<string, string> = serviceEnv) =>
    platform.post<PlanAnswer>(`/api/admin/apply?dry_run=${dryRun}`, { yaml, env });
  /** GET /api/admin/export as the platform admin; answers YAML, which the JSON client cannot read. */
  const exportYaml = async (): Promise<Response> => {
    const login = await fetch(`${admin().url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testPassword }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    return fetch(`${admin().url}/api/admin/export`, { headers: { cookie } });
  };

  beforeAll(async () => {
    if (skip) return;
    platform = admin().asAdmin;
    tenantAdmin = (await admin().createTenantWithAdmin('team-z')).client;
  });

  it.skipIf(skip)('is for platform admins only', async () => {
    expect(
      (await tenantAdmin.post('/api/admin/apply?dry_run=true', { yaml: serviceDocument, env: serviceEnv }))
        .status,
    ).toBe(403);
    expect((await tenantAdmin.get('/api/admin/export')).status).toBe(403);
  });

  it.skipIf(skip)('plans on a dry run and writes nothing', async () => {
    const before = await snapshot();
    const changes = admin().changes();
    const response = await applyYaml(serviceDocument, true);
    expect(response.status).toBe(200);
    expect(response.body.dry_run).toBe(true);
    expect(response.body.changes).toBe(response.body.entries.length);
    expect(new Set(response.body.entries.map((entry) => entry.action))).toEqual(new Set(['create']));
    expect(await snapshot()).toBe(before);
    expect(admin().changes()).toBe(changes);
  });

  it.skipIf(skip)('applies, audited under the admin, and a second apply changes nothing', async () => {
    const first = await applyYaml(serviceDocument, false);
    expect(first.body.changes).toBeGreaterThan(10);
    const audit = await admin()
      .store.db.selectFrom('audit_log')
      .selectAll()
      .where('action', 'like', 'provider.%')
      .execute();
    expect(audit.map((row) => row.actor)).toEqual([platform.userId, platform.userId]);
    const after = await snapshot();
    const changes = admin().changes();
    const second = await applyYaml(serviceDocument, false);
    expect(second.body.changes).toBe(0);
    expect(new Set(second.body.entries.map((entry) => entry.action))).toEqual(new Set(['unchanged']));
    expect(await snapshot()).toBe(after);
    expect(admin().changes()).toBe(changes);
    for (const secret of Object.values(serviceEnv)) {
      expect(after).not.toContain(secret);
      expect(JSON.stringify(first.body)).not.toContain(secret);
    }
  });

  it.skipIf(skip)('exports YAML without secrets that applies back with no changes', async () => {
    const response = await exportYaml();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/yaml');
    const yaml = await response.text();
    for (const secret of Object.values(serviceEnv)) expect(yaml).not.toContain(secret);
    expect(yaml).toContain('${OPENAI_API_KEY}');
    expect(yaml).toContain('name: team-z');
    const before = await snapshot();
    const again = await applyYaml(yaml, false);
    expect(again.body.changes).toBe(0);
    expect(await snapshot()).toBe(before);
  });

  it.skipIf(skip)('answers 400 naming the problem, and writes nothing', async () => {
    const before = await snapshot();
    const unset = await applyYaml(serviceDocument, false, {});
    expect(unset.status).toBe(400);
    expect(JSON.stringify(unset.body)).toContain('OPENAI_API_KEY');
    const broken = await applyYaml('tenants: [', false);
    expect(broken.status).toBe(400);
    const negative = await applyYaml(
      'tenants:\n  - name: t\n    budgets: [{ period: day, limit_usd: -1 }]\n',
      false,
    );
    expect(negative.status).toBe(400);
    expect(JSON.stringify(negative.body)).toContain('tenants[0].budgets[0].limit_usd');
    const unknownTenant = await applyYaml(
      'models:\n  - name: m\n    tenant: nobody\n    targets: [{ provider: local, model: x }]\n',
      false,
    );
    expect(unknownTenant.status).toBe(400);
    expect(JSON.stringify(unknownTenant.body)).toContain('models[0].tenant');
    expect(await snapshot()).toBe(before);
  });

  it.skipIf(skip)('lists changed fields of an update without values', async () => {
    const env = { ...serviceEnv, LOCAL_AUTH: 'Bearer ROTATED-header' };
    const changed = serviceDocument.replace('requests_per_minute: 100', 'requests_per_minute: 200');
    const response = await applyYaml(changed, false, env);
    expect(response.body.entries.filter((entry) => entry.action !== 'unchanged')).toEqual([
      { kind: 'provider', name: 'local', action: 'update', fields: ['headers'] },
      { kind: 'limit', name: 'route team-model', action: 'update', fields: ['requests_per_minute'] },
    ]);
    const audit = JSON.stringify(await admin().store.db.selectFrom('audit_log').selectAll().execute());
    expect(audit).not.toContain('ROTATED');
  });
});
