import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { adminClient, type AdminClient } from '../support/admin-client.js';
import { FakeRestStreams } from '../support/fake-rest-streams.js';
import { publishRestService } from '../support/publish-rest-service.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

/** WebSocket upgrades through a REST service: authenticated (header or `?api_key=`), then piped both ways. */
describe('REST WebSocket upgrades', () => {
  let upstream: FakeRestStreams;
  let gateway: TestGateway;
  let admin: AdminClient;
  let key = '';

  beforeAll(async () => {
    upstream = await FakeRestStreams.start();
    gateway = await startGateway('providers: []\n', {}, { controlPlane: true });
    await publishRestService(gateway.store, 'chat-socket', {
      base_path: '/ws',
      upstream: { nodes: [{ url: upstream.url }] },
      routes: [{ path: '/*' }],
    });
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
    const tenant = await admin.post<{ id: string }>('/api/admin/tenants', { name: 'ws' });
    const app = await admin.post<{ id: string }>(`/api/admin/tenants/${tenant.body.id}/apps`, {
      name: 'app',
    });
    key = (await admin.post<{ key: string }>(`/api/admin/apps/${app.body.id}/keys`, { name: 'k' })).body.key;
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  const echo = (url: string, headers: Record<string, string> = {}) =>
    new Promise<string>((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => socket.send('hello'));
      socket.once('message', (data: Buffer) => {
        resolve(data.toString('utf8'));
        socket.close();
      });
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`status ${String(response.statusCode)}`)),
      );
      socket.once('error', reject);
    });

  it('pipes messages both ways with a key in a header or the query, and strips the query key', async () => {
    const base = `ws://127.0.0.1:${String(gateway.port)}/ws/room`;
    expect(await echo(base, { 'x-api-key': key })).toBe('hello');
    expect(await echo(`${base}?api_key=${key}&x=1`)).toBe('hello');
    const handshake = upstream.handshakes.at(-1);
    expect(handshake?.path).toBe('/room?x=1');
    expect(handshake?.headers['x-api-key']).toBeUndefined();
  });

  it('refuses an upgrade without a key with a JSON 401', async () => {
    await expect(echo(`ws://127.0.0.1:${String(gateway.port)}/ws/room`)).rejects.toThrow('status 401');
    await expect(
      echo(`ws://127.0.0.1:${String(gateway.port)}/nowhere`, { 'x-api-key': key }),
    ).rejects.toThrow('status 404');
  });
});
