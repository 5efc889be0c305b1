import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { adminClient, type AdminClient } from '../support/admin-client.js';
import { FakeRestStreams } from '../support/fake-rest-streams.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

/** What a WebSocket client gets instead of a 101: the status and the JSON error. */
function refusal(
  url: string,
): Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }> {
  return new Promise((resolve, reject) => {
    const client = new WebSocket(url);
    client.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
      );
    });
    client.on('open', () => reject(new Error('the upgrade went through')));
    client.on('error', () => undefined);
  });
}

/** WebSocket upgrades through the data plane: the REST stages first, then a node of the service. */
describe('WebSockets through a published REST service', () => {
  let gateway: TestGateway;
  let fake: FakeRestStreams;
  let admin: AdminClient;
  let origin: string;

  async function publish(name: string, spec: Record<string, unknown>): Promise<void> {
    const created = await admin.post('/api/admin/services', { name, lifecycle: 'published', spec });
    expect(created.status).toBe(201);
  }

  beforeAll(async () => {
    fake = await FakeRestStreams.start();
    gateway = await startGateway('server:\n  direct_model_access: false\n', {}, { controlPlane: true });
    origin = `ws://127.0.0.1:${String(gateway.port)}`;
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    admin = adminClient(
      adminUrl,
      { cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '' },
      undefined,
    );
    await publish('live', {
      base_path: '/live',
      routes: [{ path: '/rooms/:room', methods: ['GET'] }],
      upstream: { nodes: [{ url: `${fake.url}/ws` }] },
      transforms: { rewrite_path: '/chat/:room', request_headers: { set: { 'x-team': 'live' } } },
    });
    await publish('gone', {
      base_path: '/gone',
      routes: [{ path: '/*' }],
      upstream: { nodes: [{ url: 'http://127.0.0.1:9' }], timeouts: { connect_ms: 500 } },
    });
    const ready = `http://127.0.0.1:${String(gateway.port)}/live/rooms/ready`;
    for (let round = 0; round < 200 && (await fetch(ready)).status === 404; round += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
  });
  afterAll(async () => {
    await gateway.close();
    await fake.close();
  });

  it('proxies the session to the node with the transformed path and headers', async () => {
    const client = new WebSocket(`${origin}/live/rooms/blue?since=5`, {
      headers: { 'x-forwarded-for': '198.51.100.2' },
    });
    const upgraded = new Promise<IncomingMessage>((resolve) => client.once('upgrade', resolve));
    await once(client, 'open');
    const upgrade = await upgraded;
    client.send('hello');
    const [message] = (await once(client, 'message')) as [Buffer];
    expect(message.toString()).toBe('hello');
    const handshake = fake.handshakes.at(-1);
    expect(handshake?.path).toBe('/ws/chat/blue?since=5');
    expect(handshake?.headers['x-team']).toBe('live');
    expect(handshake?.headers['x-forwarded-for']).toBe('198.51.100.2, 127.0.0.1');
    expect(handshake?.headers['x-request-id']).toBe(upgrade.headers['x-request-id']);
    client.close(1000);
    await once(client, 'close');
    for (let round = 0; round < 200 && fake.openWebSockets > 0; round += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.openWebSockets).toBe(0);
  });

  it('refuses before the upgrade with the JSON errors of any call', async () => {
    const unknown = await refusal(`${origin}/live/elsewhere`);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'not_found' } });
    expect(unknown.headers['x-request-id']).toBeDefined();
    const traversal = await refusal(`${origin}/live/rooms/a%2f..`);
    expect(traversal.status).toBe(400);
    const unreachable = await refusal(`${origin}/gone/socket`);
    expect(unreachable.status).toBe(503);
    expect(JSON.parse(unreachable.body)).toMatchObject({ error: { code: 'upstream_unavailable' } });
  });

  it('serves no upgrade on the model endpoints', async () => {
    const model = await refusal(`${origin}/v1/chat/completions`);
    expect(model.status).toBe(400);
  });
});
