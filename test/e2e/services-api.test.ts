import { beforeAll, describe, expect, it } from 'vitest';
import { adminPerStore, type AdminClient, type JsonObject } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();

const openaiSecret = 'sk-provider-SECRET-9f8e7d';
const headerSecret = 'Bearer header-SECRET-1a2b3c';
const rotatedSecret = 'sk-provider-ROTATED-5c6d7e';

interface Page {
  items: JsonObject[];
  next_cursor: string | null;
}

describe.each(storeTargets)('services admin API on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip);
  let platform: AdminClient;
  let teamA: { tenantId: string; client: AdminClient };
  let teamB: { tenantId: string; client: AdminClient };
  let developerA: AdminClient;
  let viewerA: AdminClient;
  let appA: string;
  let appB: string;
  let keyA: string;
  let keyB: string;

  const auditActions = async () =>
    (await admin().store.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map(
      (row) => row.action,
    );
  const auditText = async () =>
    JSON.stringify(await admin().store.db.selectFrom('audit_log').selectAll().execute());

  beforeAll(async () => {
    if (skip) return;
    platform = admin().asAdmin;
    teamA = await admin().createTenantWithAdmin('team-a');
    teamB = await admin().createTenantWithAdmin('team-b');
    developerA = await admin().createUser(teamA.tenantId, 'developer');
    viewerA = await admin().createUser(teamA.tenantId, 'viewer');
    appA = String(
      (await teamA.client.post(`/api/admin/tenants/${teamA.tenantId}/apps`, { name: 'bot' })).body['id'],
    );
    appB = String(
      (await teamB.client.post(`/api/admin/tenants/${teamB.tenantId}/apps`, { name: 'bot' })).body['id'],
    );
    keyA = String((await teamA.client.post(`/api/admin/apps/${appA}/keys`, { name: 'k' })).body['id']);
    keyB = String((await teamB.client.post(`/api/admin/apps/${appB}/keys`, { name: 'k' })).body['id']);
  });

  describe('providers', () => {
    it.skipIf(skip)('stores secrets sealed and answers only which are set', async () => {
      const created = await platform.post('/api/admin/providers', {
        id: 'openai-main',
        type: 'openai',
        api_key: openaiSecret,
        headers: { Authorization: headerSecret, 'X-Team': 'blue' },
        public_headers: ['X-Team'],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: 'openai-main',
        type: 'openai',
        headers: { 'X-Team': 'blue' },
        secrets: { api_key: 'set', 'headers.Authorization': 'set' },
      });
      const read = await platform.get('/api/admin/providers/openai-main');
      const list = await platform.get<Page>('/api/admin/providers');
      expect(list.body.items.map((item) => item['id'])).toEqual(['openai-main']);
      const updated = await platform.put('/api/admin/providers/openai-main', {
        type: 'openai',
        api_key: rotatedSecret,
      });
      expect(updated.status).toBe(200);
      expect(updated.body['secrets']).toEqual({ api_key: 'set' });
      const kept = await platform.put('/api/admin/providers/openai-main', {
        type: 'openai',
        base_url: 'https://api.openai.com/v1',
      });
      expect(kept.body['secrets']).toEqual({ api_key: 'set' });
      const everything = [created, read, list, updated, kept].map((response) =>
        JSON.stringify(response.body),
      );
      const stored = JSON.stringify(await admin().store.db.selectFrom('providers').selectAll().execute());
      for (const secret of [openaiSecret, headerSecret, rotatedSecret]) {
        for (const text of [...everything, await auditText(), stored, admin().rawLogs()]) {
          expect(text).not.toContain(secret);
        }
      }
      expect(await auditActions()).toEqual(expect.arrayContaining(['provider.create', 'provider.update']));
    });

    it.skipIf(skip)('checks the entry like the config file does, naming the field', async () => {
      const noKey = await platform.post('/api/admin/providers', { id: 'claude', type: 'anthropic' });
      expect(noKey.status).toBe(400);
      expect(noKey.body).toMatchObject({ error: { code: 'invalid_request' } });
      expect(JSON.stringify(noKey.body)).toContain('api_key');
      const badType = await platform.post('/api/admin/providers', { id: 'x', type: 'nope', api_key: 'k' });
      expect(JSON.stringify(badType.body)).toContain("'body.type'");
      const duplicate = await platform.post('/api/admin/providers', {
        id: 'openai-main',
        type: 'openai',
        api_key: 'k',
      });
      expect(duplicate.status).toBe(409);
    });

    it.skipIf(skip)('is for platform admins only', async () => {
      for (const client of [teamA.client, developerA]) {
        expect((await client.get('/api/admin/providers')).status).toBe(403);
        expect((await client.get('/api/admin/providers/openai-main')).status).toBe(403);
        expect(
          (await client.post('/api/admin/providers', { id: 'p', type: 'openai', api_key: 'k' })).status,
        ).toBe(403);
        expect(
          (await client.put('/api/admin/providers/openai-main', { type: 'openai', api_key: 'k' })).status,
        ).toBe(403);
        expect((await client.delete('/api/admin/providers/openai-main')).status).toBe(403);
      }
      expect((await admin().anonymous.get('/api/admin/providers')).status).toBe(401);
    });
  });

  describe('routes', () => {
    let platformRoute: string;
    let routeA: string;
    let routeB: string;

    it.skipIf(skip)('creates routes checking every target provider', async () => {
      const missing = await platform.post('/api/admin/routes', {
        name: 'ghost',
        spec: { targets: [{ provider: 'nope', model: 'm' }] },
      });
      expect(missing.status).toBe(400);
      expect(JSON.stringify(missing.body)).toContain("'spec.targets[0].provider'");
      const created = await platform.post('/api/admin/routes', {
        name: 'gpt-4o',
        spec: { targets: [{ provider: 'openai-main', model: 'gpt-4o' }] },
        visibility: 'shared',
        description: 'General model',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ tenant_id: null, lifecycle: 'draft', visibility: 'shared' });
      platformRoute = String(created.body['id']);
      const own = await teamA.client.post('/api/admin/routes', {
        name: 'team-a/model',
        spec: { targets: [{ provider: 'openai-main', model: 'gpt-4o-mini' }] },
        requires_approval: true,
        visibility: 'shared',
        lifecycle: 'published',
      });
      expect(own.status).toBe(201);
      expect(own.body['tenant_id']).toBe(teamA.tenantId);
      routeA = String(own.body['id']);
      const ownB = await teamB.client.post('/api/admin/routes', {
        name: 'team-b/private',
        spec: { targets: [{ provider: 'openai-main', model: 'gpt-4o-mini' }] },
        lifecycle: 'published',
      });
      routeB = String(ownB.body['id']);
      expect(
        (
          await platform.post('/api/admin/routes', {
            name: 'gpt-4o',
            spec: { targets: [{ provider: 'openai-main', model: 'x' }] },
          })
        ).status,
      ).toBe(409);
    });

    it.skipIf(skip)('searches routes by name or description (q) within what the caller sees', async () => {
      const names = async (client: AdminClient, q: string) =>
        (await client.get<Page>(`/api/admin/routes?q=${encodeURIComponent(q)}`)).body.items.map(
          (item) => item['name'],
        );
      expect(await names(platform, 'GENERAL')).toEqual(['gpt-4o']);
      expect((await names(platform, 'team-')).sort()).toEqual(['team-a/model', 'team-b/private']);
      // team-b's route is private: team-a's search does not find it.
      expect(await names(teamA.client, 'team-')).toEqual(['team-a/model']);
      // LIKE wildcards are searched for literally.
      expect(await names(platform, '%')).toEqual([]);
      expect(await names(platform, '_')).toEqual([]);
    });

    it.skipIf(skip)('moves through the lifecycle and refuses other transitions with 409', async () => {
      const path = `/api/admin/routes/${platformRoute}`;
      expect((await platform.patch(path, { lifecycle: 'deprecated' })).status).toBe(409);
      expect((await platform.patch(path, { lifecycle: 'published' })).body['lifecycle']).toBe('published');
      expect((await platform.patch(path, { lifecycle: 'draft' })).status).toBe(409);
      expect((await platform.patch(path, { lifecycle: 'deprecated' })).body['lifecycle']).toBe('deprecated');
      expect((await platform.patch(path, { lifecycle: 'published' })).body['lifecycle']).toBe('published');
      expect((await platform.delete(path)).status).toBe(409);
      expect(await auditActions()).toEqual(expect.arrayContaining(['route.create', 'route.update']));
    });

    it.skipIf(skip)('shows tenants their own routes and shared published ones only', async () => {
      const names = async (client: AdminClient) =>
        (await client.get<Page>('/api/admin/routes')).body.items.map((item) => item['name']).sort();
      expect(await names(platform)).toEqual(['gpt-4o', 'team-a/model', 'team-b/private']);
      expect(await names(viewerA)).toEqual(['gpt-4o', 'team-a/model']);
      expect(await names(teamB.client)).toEqual(['gpt-4o', 'team-a/model', 'team-b/private']);
      expect((await teamA.client.get(`/api/admin/routes/${routeB}`)).status).toBe(404);
    });

    it.skipIf(skip)("refuses a tenant admin on another tenant's or the platform's routes", async () => {
      const before = (await platform.get(`/api/admin/routes/${routeB}`)).body;
      expect((await teamA.client.patch(`/api/admin/routes/${routeB}`, { description: 'x' })).status).toBe(
        404,
      );
      expect((await teamA.client.delete(`/api/admin/routes/${routeB}`)).status).toBe(404);
      expect((await teamB.client.patch(`/api/admin/routes/${routeA}`, { description: 'x' })).status).toBe(
        403,
      );
      expect(
        (await teamA.client.patch(`/api/admin/routes/${platformRoute}`, { description: 'x' })).status,
      ).toBe(403);
      expect((await developerA.patch(`/api/admin/routes/${routeA}`, { description: 'x' })).status).toBe(403);
      expect(
        (
          await teamA.client.post('/api/admin/routes', {
            name: 'sneaky',
            tenant_id: teamB.tenantId,
            spec: { targets: [{ provider: 'openai-main', model: 'x' }] },
          })
        ).status,
      ).toBe(404);
      expect((await platform.get(`/api/admin/routes/${routeB}`)).body).toEqual(before);
    });

    it.skipIf(skip)('refuses to delete a provider a route uses', async () => {
      const response = await platform.delete('/api/admin/providers/openai-main');
      expect(response.status).toBe(409);
      expect(JSON.stringify(response.body)).toContain('gpt-4o');
    });

    describe('subscriptions', () => {
      let pending: string;

      it.skipIf(skip)('approves at once when the route needs no approval', async () => {
        const response = await developerA.post(`/api/admin/apps/${appA}/subscriptions`, { route: 'gpt-4o' });
        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({
          status: 'approved',
          route_name: 'gpt-4o',
          decided_by: 'system',
        });
        expect(
          (await developerA.post(`/api/admin/apps/${appA}/subscriptions`, { route: 'gpt-4o' })).status,
        ).toBe(409);
      });

      it.skipIf(skip)('queues a subscription to a route that needs approval', async () => {
        const response = await teamB.client.post(`/api/admin/apps/${appB}/subscriptions`, { route: routeA });
        expect(response.body).toMatchObject({ status: 'pending', decided_by: null });
        pending = String(response.body['id']);
        const queueA = await teamA.client.get<Page>('/api/admin/subscriptions?status=pending');
        expect(queueA.body.items.map((item) => item['id'])).toEqual([pending]);
        const queueB = await teamB.client.get<Page>('/api/admin/subscriptions?status=pending');
        expect(queueB.body.items).toEqual([]);
        const all = await platform.get<Page>('/api/admin/subscriptions?status=pending');
        expect(all.body.items.map((item) => item['id'])).toEqual([pending]);
        expect((await developerA.get('/api/admin/subscriptions')).status).toBe(403);
      });

      it.skipIf(skip)('refuses routes that are not visible or not published', async () => {
        expect(
          (await teamA.client.post(`/api/admin/apps/${appA}/subscriptions`, { route: 'team-b/private' }))
            .status,
        ).toBe(404);
        await platform.patch(`/api/admin/routes/${platformRoute}`, { lifecycle: 'deprecated' });
        expect(
          (await teamB.client.post(`/api/admin/apps/${appB}/subscriptions`, { route: 'gpt-4o' })).status,
        ).toBe(409);
        await platform.patch(`/api/admin/routes/${platformRoute}`, { lifecycle: 'published' });
        expect(
          (await viewerA.post(`/api/admin/apps/${appA}/subscriptions`, { route: 'team-a/model' })).status,
        ).toBe(403);
        expect(
          (await teamA.client.post(`/api/admin/apps/${appB}/subscriptions`, { route: 'gpt-4o' })).status,
        ).toBe(404);
        expect((await teamA.client.get(`/api/admin/apps/${appB}/subscriptions`)).status).toBe(404);
      });

      it.skipIf(skip)(
        'lets only the route owner decide, needs a reason to reject, and audits each decision',
        async () => {
          const teamC = await admin().createTenantWithAdmin('team-c');
          expect((await teamC.client.post(`/api/admin/subscriptions/${pending}/approve`)).status).toBe(404);
          expect(
            (await teamC.client.post(`/api/admin/subscriptions/${pending}/reject`, { reason: 'x' })).status,
          ).toBe(404);
          expect((await teamC.client.get<Page>('/api/admin/subscriptions')).body.items).toEqual([]);
          expect((await teamB.client.post(`/api/admin/subscriptions/${pending}/approve`)).status).toBe(403);
          expect((await developerA.post(`/api/admin/subscriptions/${pending}/approve`)).status).toBe(403);
          const noReason = await teamA.client.post(`/api/admin/subscriptions/${pending}/reject`, {});
          expect(noReason.status).toBe(400);
          expect(JSON.stringify(noReason.body)).toContain('reason');
          const rejected = await teamA.client.post(`/api/admin/subscriptions/${pending}/reject`, {
            reason: 'not yet',
          });
          expect(rejected.body).toMatchObject({
            status: 'rejected',
            reason: 'not yet',
            decided_by: teamA.client.userId,
          });
          expect(
            (await teamA.client.post(`/api/admin/subscriptions/${pending}/revoke`, { reason: 'x' })).status,
          ).toBe(409);
          const approved = await teamA.client.post(`/api/admin/subscriptions/${pending}/approve`);
          expect(approved.body).toMatchObject({ status: 'approved', reason: null });
          const revoked = await platform.post(`/api/admin/subscriptions/${pending}/revoke`, {
            reason: 'abuse',
          });
          expect(revoked.body).toMatchObject({ status: 'revoked', reason: 'abuse' });
          const decisions = await admin()
            .store.db.selectFrom('audit_log')
            .select(['action', 'actor'])
            .where('target_id', '=', pending)
            .orderBy('id')
            .execute();
          expect(decisions.map((row) => row.action)).toEqual([
            'subscription.create',
            'subscription.reject',
            'subscription.approve',
            'subscription.revoke',
          ]);
          const list = await teamB.client.get<Page>(`/api/admin/apps/${appB}/subscriptions`);
          expect(list.body.items.map((item) => item['status'])).toEqual(['revoked']);
        },
      );
    });
  });

  describe('limits', () => {
    it.skipIf(skip)('sets, reads and removes limits on keys and apps of the own tenant', async () => {
      const put = await teamA.client.put(`/api/admin/limits/app/${appA}`, {
        requests_per_minute: 60,
        concurrent: 2,
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        tenant_id: teamA.tenantId,
        requests_per_minute: 60,
        tokens_per_minute: null,
      });
      expect((await viewerA.get(`/api/admin/limits/app/${appA}`)).body['concurrent']).toBe(2);
      expect(
        (await teamA.client.put(`/api/admin/limits/key/${keyA}`, { tokens_per_minute: 1000 })).status,
      ).toBe(200);
      expect((await teamA.client.delete(`/api/admin/limits/key/${keyA}`)).status).toBe(204);
      expect((await teamA.client.get(`/api/admin/limits/key/${keyA}`)).status).toBe(404);
      expect(await auditActions()).toEqual(expect.arrayContaining(['limit.set', 'limit.delete']));
    });

    it.skipIf(skip)('answers 400 naming the field for a bad value', async () => {
      for (const body of [{ requests_per_minute: 0 }, { concurrent: 1.5 }, { tokens_per_minute: -3 }]) {
        const response = await teamA.client.put(`/api/admin/limits/app/${appA}`, body);
        expect(response.status).toBe(400);
        expect(JSON.stringify(response.body)).toContain(Object.keys(body)[0]);
      }
      expect((await platform.put(`/api/admin/limits/planet/${appA}`, {})).status).toBe(400);
    });

    it.skipIf(skip)('leaves tenant-wide and route limits to platform admins', async () => {
      expect(
        (await teamA.client.put(`/api/admin/limits/tenant/${teamA.tenantId}`, { requests_per_minute: 1 }))
          .status,
      ).toBe(403);
      expect(
        (
          await teamA.client.put(`/api/admin/limits/route/${await routeIdOf('team-a/model')}`, {
            concurrent: 1,
          })
        ).status,
      ).toBe(403);
      expect(
        (await platform.put(`/api/admin/limits/tenant/${teamA.tenantId}`, { requests_per_minute: 600 }))
          .status,
      ).toBe(200);
      expect(
        (await teamA.client.get(`/api/admin/limits/tenant/${teamA.tenantId}`)).body['requests_per_minute'],
      ).toBe(600);
      expect((await developerA.put(`/api/admin/limits/app/${appA}`, { concurrent: 9 })).status).toBe(403);
    });

    it.skipIf(skip)("refuses another tenant's keys, apps and tenant, leaving them unchanged", async () => {
      await teamB.client.put(`/api/admin/limits/app/${appB}`, { requests_per_minute: 5 });
      for (const [scope, id] of [
        ['app', appB],
        ['key', keyB],
      ] as const) {
        expect(
          (await teamA.client.put(`/api/admin/limits/${scope}/${id}`, { requests_per_minute: 1 })).status,
        ).toBe(404);
        expect((await teamA.client.get(`/api/admin/limits/${scope}/${id}`)).status).toBe(404);
        expect((await teamA.client.delete(`/api/admin/limits/${scope}/${id}`)).status).toBe(404);
      }
      expect(
        (await teamA.client.put(`/api/admin/limits/tenant/${teamB.tenantId}`, { requests_per_minute: 1 }))
          .status,
      ).toBe(404);
      expect((await teamA.client.get(`/api/admin/limits/tenant/${teamB.tenantId}`)).status).toBe(404);
      expect((await teamB.client.get(`/api/admin/limits/app/${appB}`)).body['requests_per_minute']).toBe(5);
    });
  });

  describe('budgets', () => {
    it.skipIf(skip)('sets a budget and reports what was spent in the current window', async () => {
      const put = await teamA.client.put(`/api/admin/budgets/app/${appA}/day`, {
        limit_usd: 10,
        webhook_url: 'https://hooks.example/budget',
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        limit_usd: 10,
        soft_ratio: 0.8,
        spent_usd: 0,
        tenant_id: teamA.tenantId,
      });
      await admin()
        .store.db.insertInto('spend')
        .values({
          scope: 'app',
          scope_id: appA,
          period: 'day',
          period_start: Number(put.body['period_start']),
          spent_usd: 2.5,
          alerted_at: null,
          updated_at: Date.now(),
        })
        .execute();
      const read = await viewerA.get(`/api/admin/budgets/app/${appA}/day`);
      expect(read.body).toMatchObject({ spent_usd: 2.5, webhook_url: 'https://hooks.example/budget' });
      expect((await teamA.client.delete(`/api/admin/budgets/app/${appA}/day`)).status).toBe(204);
      expect(await auditActions()).toEqual(expect.arrayContaining(['budget.set', 'budget.delete']));
    });

    it.skipIf(skip)('answers 400 naming the field for a bad value', async () => {
      const cases: [JsonObject, string][] = [
        [{ limit_usd: -1 }, 'limit_usd'],
        [{}, 'limit_usd'],
        [{ limit_usd: 5, soft_ratio: 1.5 }, 'soft_ratio'],
        [{ limit_usd: 5, webhook_url: 'ftp://example' }, 'webhook_url'],
      ];
      for (const [body, field] of cases) {
        const response = await teamA.client.put(`/api/admin/budgets/app/${appA}/month`, body);
        expect(response.status).toBe(400);
        expect(JSON.stringify(response.body)).toContain(field);
      }
      expect((await teamA.client.put(`/api/admin/budgets/app/${appA}/year`, { limit_usd: 1 })).status).toBe(
        400,
      );
      expect((await teamA.client.put(`/api/admin/budgets/route/${appA}/day`, { limit_usd: 1 })).status).toBe(
        400,
      );
    });

    it.skipIf(skip)("keeps tenant budgets to platform admins and other tenants' budgets hidden", async () => {
      expect(
        (await teamA.client.put(`/api/admin/budgets/tenant/${teamA.tenantId}/month`, { limit_usd: 1 }))
          .status,
      ).toBe(403);
      expect(
        (await platform.put(`/api/admin/budgets/tenant/${teamB.tenantId}/month`, { limit_usd: 100 })).status,
      ).toBe(200);
      await teamB.client.put(`/api/admin/budgets/key/${keyB}/week`, { limit_usd: 7 });
      for (const path of [`app/${appB}/week`, `key/${keyB}/week`, `tenant/${teamB.tenantId}/month`]) {
        expect((await teamA.client.put(`/api/admin/budgets/${path}`, { limit_usd: 1 })).status).toBe(404);
        expect((await teamA.client.get(`/api/admin/budgets/${path}`)).status).toBe(404);
        expect((await teamA.client.delete(`/api/admin/budgets/${path}`)).status).toBe(404);
      }
      expect((await teamB.client.get(`/api/admin/budgets/key/${keyB}/week`)).body['limit_usd']).toBe(7);
      expect(
        (await teamB.client.get(`/api/admin/budgets/tenant/${teamB.tenantId}/month`)).body['limit_usd'],
      ).toBe(100);
    });
  });

  async function routeIdOf(name: string): Promise<string> {
    const row = await admin()
      .store.db.selectFrom('routes')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.id;
  }
});
