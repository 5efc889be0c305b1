import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, type AdminClient } from '../support/admin-client.js';
import { FakeRestStreams, type EchoedRequest } from '../support/fake-rest-streams.js';
import { publishRestService } from '../support/publish-rest-service.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

/**
 * The REST router over HTTP: base paths and route patterns (parameters, wildcards), methods
 * (405 with Allow), header and query conditions with priorities, hosts, header versions, the
 * JSON error shape, and paths that try to leave a service's base path.
 */
describe('REST routing table', () => {
  let upstream: FakeRestStreams;
  let gateway: TestGateway;
  let admin: AdminClient;
  let base: string;

  beforeAll(async () => {
    upstream = await FakeRestStreams.start();
    gateway = await startGateway('providers: []\n', {}, { controlPlane: true });
    base = `http://127.0.0.1:${String(gateway.port)}`;
    const node = { nodes: [{ url: `${upstream.url}/echo` }] };
    await publishRestService(gateway.store, 'users', {
      base_path: '/api/users',
      upstream: node,
      auth: { modes: ['anonymous'] },
      routes: [
        { name: 'one', path: '/:id', methods: ['GET', 'PUT'] },
        { name: 'list', path: '/', methods: ['GET'] },
        { name: 'files', path: '/files/*' },
        { name: 'beta', path: '/:id', methods: ['GET'], headers: { 'x-beta': '1' }, priority: 5 },
        { name: 'full', path: '/:id', methods: ['GET'], query: { view: 'full' }, priority: 3 },
      ],
      transforms: { request_headers: { set: { 'x-service': 'users' } } },
    });
    for (const version of ['v1', 'v2']) {
      await publishRestService(gateway.store, `shop-${version}`, {
        base_path: '/shop',
        version: { name: version, header: 'x-api-version', default: version === 'v1' },
        upstream: node,
        auth: { modes: ['anonymous'] },
        routes: [{ path: '/items' }],
        transforms: { request_headers: { set: { 'x-version': version } } },
      });
    }
    await publishRestService(gateway.store, 'hosted', {
      base_path: '/hosted',
      hosts: ['api.example.com'],
      upstream: node,
      auth: { modes: ['anonymous'] },
      routes: [{ path: '/ping' }],
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
    // Any admin write reloads the data plane's snapshot, services included.
    expect((await admin.post('/api/admin/tenants', { name: 'reload' })).status).toBe(201);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, init);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: () => JSON.parse(text) as unknown,
    };
  };
  const echoed = async (path: string, init: RequestInit = {}) => {
    const answer = await call(path, init);
    expect(answer.status, answer.text).toBe(200);
    return answer.json() as EchoedRequest;
  };

  it('routes parameters and wildcards, and strips the base path', async () => {
    const one = await echoed('/api/users/42?x=1');
    expect(one.path).toBe('/echo/42');
    expect(one.query).toBe('x=1');
    expect(one.headers['x-service']).toBe('users');
    expect((await echoed('/api/users')).path).toBe('/echo/');
    expect((await echoed('/api/users/files/a/b.txt', { method: 'DELETE' })).path).toBe('/echo/files/a/b.txt');
  });

  it('answers wrong methods 405 with Allow and unknown paths 404, in the REST error shape', async () => {
    const refused = await call('/api/users/42', { method: 'DELETE' });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('GET, PUT');
    const body = refused.json() as { error: { code: string; message: string; request_id: string } };
    expect(body.error.code).toBe('method_not_allowed');
    expect(body.error.request_id).toBe(refused.headers.get('x-request-id'));
    const missing = await call('/api/users/42/nope');
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({
      error: { code: 'not_found', request_id: missing.headers.get('x-request-id') },
    });
  });

  it('takes the highest priority route whose header or query conditions match', async () => {
    const beta = await call('/api/users/7', { headers: { 'x-beta': '1' } });
    const full = await call('/api/users/7?view=full');
    expect(beta.status).toBe(200);
    expect(full.status).toBe(200);
    // Both still reach the same upstream path; the route that matched names the call in the log.
    expect((beta.json() as EchoedRequest).path).toBe('/echo/7');
  });

  it('picks header versions, the default one without the header', async () => {
    expect((await echoed('/shop/items')).headers['x-version']).toBe('v1');
    expect((await echoed('/shop/items', { headers: { 'x-api-version': 'v2' } })).headers['x-version']).toBe(
      'v2',
    );
  });

  /** node:http, not fetch: fetch normalises `%2e%2e` away and will not send a Host of our choosing. */
  const rawGet = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sent = httpRequest({ host: '127.0.0.1', port: gateway.port, path, headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      sent.on('error', reject);
      sent.end();
    });

  it('serves a service with hosts only on those hosts', async () => {
    expect((await rawGet('/hosted/ping', { host: 'api.example.com' })).status).toBe(200);
    expect((await rawGet('/hosted/ping', { host: 'api.example.com:8080' })).status).toBe(200);
    expect((await rawGet('/hosted/ping', { host: 'other.example.com' })).status).toBe(404);
  });

  it('refuses paths that would leave the base path, before any upstream sees them', async () => {
    const before = upstream.requests.length;
    for (const path of [
      '/api/users/%2e%2e/admin',
      '/api/users/../admin',
      '/api/users/a%2fb',
      '/api/users//42',
      '/api/users/.%2E/x',
      '/api/users/a%5c..',
    ]) {
      const answer = await rawGet(path);
      expect(answer.status, path).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'invalid_request' } });
    }
    expect(upstream.requests.length).toBe(before);
  });
});
