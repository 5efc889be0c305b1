import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminClient, type AdminClient, type JsonObject } from '../support/admin-client.js';
import { FakeRestNode } from '../support/fake-rest-node.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

const petstore = readFileSync(new URL('../fixtures/openapi/petstore-3.0.yaml', import.meta.url), 'utf8');

/**
 * `validate_requests` over HTTP: the Petstore imported through the admin API, then served with
 * validation on. Valid calls reach the fake upstream (a JSON body whole, as read); a bad path
 * parameter, a body missing a required property, a body that is not JSON or one past the limit
 * get 400 (413) in the REST error shape and never reach it.
 */
describe('REST request validation against the OpenAPI document', () => {
  let upstream: FakeRestNode;
  let gateway: TestGateway;
  let admin: AdminClient;
  let base: string;

  beforeAll(async () => {
    upstream = await FakeRestNode.start({ id: 'pets' });
    gateway = await startGateway('providers: []\n', {}, { controlPlane: true });
    base = `http://127.0.0.1:${String(gateway.port)}`;
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
    const imported = await admin.post('/api/admin/services/import', {
      document: petstore,
      name: 'pets',
      upstream_url: `${upstream.url}/api/v3`,
      lifecycle: 'published',
      visibility: 'shared',
    });
    expect(imported.status).toBe(201);
    const spec = imported.body['spec'] as JsonObject;
    const patched = await admin.patch(`/api/admin/services/${String(imported.body['id'])}`, {
      spec: { ...spec, validate_requests: true, max_body_bytes: 200, auth: { modes: ['anonymous'] } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // The patch reloads the data plane; wait until it serves the service.
    await vi.waitFor(
      async () => {
        expect((await fetch(`${base}/v3/pet/1`)).status).toBe(200);
      },
      { timeout: 4_000, interval: 50 },
    );
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  const postPet = (body: string, contentType = 'application/json') =>
    fetch(`${base}/v3/pet`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('passes a valid GET and a valid JSON POST, the body sent upstream whole', async () => {
    const before = upstream.requests.length;
    expect((await fetch(`${base}/v3/pet/1`)).status).toBe(200);
    const body = JSON.stringify({ name: 'doggie', photoUrls: ['https://x.example/1.png'] });
    const answer = await postPet(body);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ method: 'POST', url: '/api/v3/pet', bodyBytes: body.length });
    expect(upstream.requests.slice(before).map((request) => request.method)).toEqual(['GET', 'POST']);
  });

  it('refuses a bad path parameter and a body missing a required property with 400, upstream untouched', async () => {
    const before = upstream.requests.length;
    const badId = await fetch(`${base}/v3/pet/abc`);
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({
      error: {
        code: 'invalid_request',
        message: expect.stringContaining('path.petId must be integer') as unknown,
      },
    });
    const noName = await postPet(JSON.stringify({ photoUrls: [] }));
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as { error: { message: string } }).error.message).toMatch(
      /body must have required properties? .*name/,
    );
    const notJson = await postPet('{"name": ');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { message: 'The request body is not valid JSON.' } });
    const tooLarge = await postPet(JSON.stringify({ name: 'x'.repeat(300), photoUrls: [] }));
    expect(tooLarge.status).toBe(413);
    expect(upstream.requests.length).toBe(before);
  });

  it('still streams a body of a media type without a schema check', async () => {
    const answer = await postPet('name=doggie', 'application/x-www-form-urlencoded');
    expect(answer.status).toBe(200);
  });
});
