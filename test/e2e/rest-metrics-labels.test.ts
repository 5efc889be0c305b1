import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, type AdminClient } from '../support/admin-client.js';
import { startFakePetstore, type FakePetstore } from '../support/fake-petstore.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

/**
 * `/metrics` counts REST calls under the service's name (a service created after start
 * included), with the matched path template as the endpoint: the ids clients put in paths, and
 * paths no route has, never become label values.
 */
describe('metrics of REST calls', () => {
  let upstream: FakePetstore;
  let gateway: TestGateway;
  let cookie: string;
  let page: string;

  beforeAll(async () => {
    upstream = await startFakePetstore();
    gateway = await startGateway('providers: []\n', {}, { controlPlane: true });
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const admin: AdminClient = adminClient(adminUrl, { cookie }, undefined);
    const created = await admin.post('/api/admin/services', {
      name: 'pets',
      visibility: 'shared',
      lifecycle: 'published',
      spec: {
        base_path: '/pets',
        routes: [{ path: '/pet/:petId', methods: ['GET'] }],
        upstream: { nodes: [{ url: upstream.url }] },
        auth: { modes: ['anonymous'] },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const origin = `http://127.0.0.1:${String(gateway.port)}`;
    // The service is served once the data plane reloaded; wait for its first answer.
    for (let attempt = 0; attempt < 100; attempt++) {
      const response = await fetch(`${origin}/pets/pet/0`);
      await response.arrayBuffer();
      if (response.status === 200) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (let index = 1; index <= 20; index++) {
      await (await fetch(`${origin}/pets/pet/${String(index)}`)).arrayBuffer();
      await (await fetch(`${origin}/pets/unknown-${String(index)}`)).arrayBuffer();
    }
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  const scrape = async (): Promise<string> => {
    const response = await fetch(`${gateway.adminUrl ?? ''}/metrics`, { headers: { cookie } });
    expect(response.status).toBe(200);
    return response.text();
  };

  it('labels REST calls with the service name and the route template', async () => {
    page = await scrape();
    const served =
      /^portico_requests_total\{endpoint="\/pets\/pet\/:petId",route="pets",provider="",status="200"\} (\d+)$/m.exec(
        page,
      );
    expect(served, page).not.toBeNull();
    // The 20 calls, plus the first answered one of the wait above.
    expect(Number(served?.[1])).toBe(21);
    expect(page).toMatch(
      /^portico_request_duration_seconds_count\{endpoint="\/pets\/pet\/:petId",route="pets"\} 21$/m,
    );
  });

  it('adds no series per id or unknown path', () => {
    expect(page).not.toMatch(/endpoint="\/pets\/pet\/\d/);
    expect(page).not.toContain('unknown-');
    const series = page.split('\n').filter((line) => line.startsWith('portico_requests_total{'));
    expect(series.length).toBeLessThanOrEqual(4);
  });
});
