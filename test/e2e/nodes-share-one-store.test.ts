import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminClient, type AdminClient } from '../support/admin-client.js';
import { FakeUpstream, openAiTextReply } from '../support/fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';
import { createPostgresDatabase, postgresReachable } from '../support/test-stores.js';

const pgUp = await postgresReachable();

const targets = [
  {
    name: 'a SQLite file',
    skip: false,
    create: () =>
      Promise.resolve({
        url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'portico-nodes-')), 'portico.db')}`,
        drop: () => Promise.resolve(),
      }),
  },
  { name: 'PostgreSQL', skip: !pgUp, create: createPostgresDatabase },
];

/**
 * Two Portico processes on one store (two nodes, or a node and a CLI): a change made through
 * one node's admin API reaches the other within its one-second poll of the store's change marker.
 */
describe.each(targets)('two nodes sharing $name', (target) => {
  const upstream = new FakeUpstream(() =>
    openAiTextReply('hi', { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }),
  );
  let nodeA: TestGateway;
  let nodeB: TestGateway;
  let admin: AdminClient;
  let drop: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    if (target.skip) return;
    const base = await upstream.start();
    const store = await target.create();
    drop = () => store.drop();
    const yaml = `
providers:
  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${base}/v1" }
models:
  - { name: m, targets: [{ provider: openai-main, model: gpt-4o }] }
`;
    nodeA = await startGateway(yaml, {}, { storeUrl: store.url, controlPlane: true });
    nodeB = await startGateway(yaml, {}, { storeUrl: store.url });
    const login = await fetch(`${nodeA.adminUrl ?? ''}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    admin = adminClient(
      nodeA.adminUrl ?? '',
      { cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '' },
      undefined,
    );
  });
  afterAll(async () => {
    if (target.skip) return;
    await nodeA.close();
    await nodeB.close();
    await upstream.stop();
    await drop();
  });

  const call = (gateway: TestGateway, key: string) =>
    fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    }).then((response) => response.status);
  const eventually = async (check: () => Promise<boolean>): Promise<number> => {
    const started = Date.now();
    // Until the other node picks up the change.
    await vi.waitFor(async () => expect(await check()).toBe(true), { timeout: 5_000, interval: 50 });
    return Date.now() - started;
  };

  it.skipIf(target.skip)('a key created on one node works on the other, and its revocation too', async () => {
    const tenant = (await admin.post('/api/admin/tenants', { name: 'shared' })).body;
    const app = (await admin.post(`/api/admin/tenants/${String(tenant['id'])}/apps`, { name: 'a' })).body;
    const key = (await admin.post(`/api/admin/apps/${String(app['id'])}/keys`, { name: 'k' })).body;
    const secret = String(key['key']);
    expect(await call(nodeA, secret)).toBe(200);
    // Until the first key exists a node is open; node B closes once it has seen the key.
    const tookToAppear = await eventually(
      async () => (await call(nodeB, 'pk-not-a-real-key-000000000')) === 401,
    );
    expect(await call(nodeB, secret)).toBe(200);
    await admin.post(`/api/admin/keys/${String(key['id'])}/revoke`, {});
    expect(await call(nodeA, secret)).toBe(401);
    const tookToRevoke = await eventually(async () => (await call(nodeB, secret)) === 401);
    console.log(
      `${target.name}: key reached the other node after ${tookToAppear} ms, its revocation after ${tookToRevoke} ms`,
    );
    expect(tookToRevoke).toBeLessThan(2_500);
  });
});
