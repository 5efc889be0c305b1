import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, type AdminClient } from '../support/admin-client.js';
import { FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

const key = 'pk-test-webhook-target-key-0001';

/** A loopback server that records each request's path and answers with `answer`. */
async function listen(
  seen: string[],
  answer: (request: IncomingMessage) => { status: number; headers?: Record<string, string> },
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      seen.push(request.url ?? '');
      const { status, headers } = answer(request);
      response.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function login(adminUrl: string, username: string, password: string): Promise<AdminClient> {
  const response = await fetch(`${adminUrl}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  const body = (await response.json()) as Record<string, unknown>;
  return adminClient(adminUrl, { cookie }, String(body['id']));
}

/**
 * Budget webhooks are a blind request sent by the gateway from inside the network: a tenant admin
 * must not aim them at loopback, private or metadata addresses, and a target must not bounce the
 * alert elsewhere with a redirect. The operator allows private receivers in the config file.
 */
describe('budget webhooks reach only allowed targets', () => {
  const upstream = new FakeUpstream(() => ({
    kind: 'json',
    body: {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1_000, completion_tokens: 500, total_tokens: 1_500 },
    },
  }));
  const redirected: string[] = [];
  const stolen: string[] = [];
  let bouncer: Server;
  let receiver: Server;
  let gateway: TestGateway;
  let platform: AdminClient;
  let tenantAdmin: AdminClient;
  let appId = '';

  beforeAll(async () => {
    const base = await upstream.start();
    const sink = await listen(stolen, () => ({ status: 200 }));
    receiver = sink.server;
    const bounce = await listen(redirected, () => ({
      status: 302,
      headers: { location: `${sink.url}/stolen` },
    }));
    bouncer = bounce.server;
    gateway = await startGateway(
      `
webhooks:
  allow_private_targets: ["127.0.0.1"]
providers:
  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${base}/v1" }
models:
  - { name: gpt-4o, targets: [{ provider: openai-main, model: gpt-4o }] }
tenants:
  - name: watched
    apps:
      - name: app
        keys: [{ name: app, key: ${key} }]
        budgets: [{ period: day, limit_usd: 1, soft_ratio: 0.01, webhook_url: "${bounce.url}/hook" }]
`,
      {},
      { controlPlane: true },
    );
    const adminUrl = gateway.adminUrl ?? '';
    platform = await login(adminUrl, 'admin', testAdminPassword);
    const tenants = await platform.get<{ items: { id: string; name: string }[] }>('/api/admin/tenants');
    const tenantId = tenants.body.items.find((tenant) => tenant.name === 'watched')?.id ?? '';
    const created = await platform.post('/api/admin/users', {
      username: 'watcher',
      password: 'correct-horse-battery',
      role: 'tenant_admin',
      tenant_id: tenantId,
    });
    expect(created.status).toBe(201);
    tenantAdmin = await login(adminUrl, 'watcher', 'correct-horse-battery');
    const apps = await tenantAdmin.get<{ items: { id: string }[] }>(`/api/admin/tenants/${tenantId}/apps`);
    appId = apps.body.items[0]?.id ?? '';
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
    await new Promise((resolve) => bouncer.close(resolve));
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('refuses a tenant admin loopback, private, link-local and metadata targets with a clear 400', async () => {
    for (const url of [
      'http://127.0.0.2:8081/api/admin/tenants',
      'http://10.0.0.5/hook',
      'http://192.168.1.1/hook',
      'http://[::1]:8081/',
      'http://[::ffff:127.0.0.2]/',
      'http://[fe80::1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0:8081/',
      'http://2130706434/',
    ]) {
      const response = await tenantAdmin.put(`/api/admin/budgets/app/${appId}/week`, {
        limit_usd: 5,
        webhook_url: url,
      });
      expect({ url, status: response.status }).toEqual({ url, status: 400 });
      expect(response.body).toMatchObject({ error: { code: 'invalid_request' } });
      expect(JSON.stringify(response.body)).toMatch(/'webhook_url'.*allow_private_targets/);
    }
    const byPlatform = await platform.put(`/api/admin/budgets/app/${appId}/week`, {
      limit_usd: 5,
      webhook_url: 'http://169.254.169.254/',
    });
    expect(byPlatform.status).toBe(400);
    expect((await tenantAdmin.get(`/api/admin/budgets/app/${appId}/week`)).status).toBe(404);
  });

  it('accepts a target the config allows, and public ones', async () => {
    for (const url of ['http://127.0.0.1:9/hook', 'https://8.8.8.8/hook']) {
      const response = await tenantAdmin.put(`/api/admin/budgets/app/${appId}/month`, {
        limit_usd: 5,
        webhook_url: url,
      });
      expect(response.status).toBe(200);
    }
  });

  it('refuses the same targets in an applied document', async () => {
    const response = await platform.post('/api/admin/apply', {
      yaml: 'tenants:\n  - name: watched\n    budgets: [{ period: day, limit_usd: 1, webhook_url: "http://10.1.2.3/" }]\n',
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('webhook_url');
  });

  it('posts the alert to the allowed target but never follows its redirect', async () => {
    for (let index = 0; index < 3; index++) {
      const response = await fetch(`${gateway.url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(response.status).toBe(200);
    }
    const logged = () => gateway.rawLogs().includes('redirects are not followed');
    await expect.poll(logged, { timeout: 5_000, interval: 50 }).toBe(true);
    expect(redirected).toEqual(['/hook']);
    expect(logged()).toBe(true);
    expect(stolen).toEqual([]);
  });
});
