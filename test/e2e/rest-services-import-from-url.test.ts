import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

const petstore = readFileSync(new URL('../fixtures/openapi/petstore-3.0.yaml', import.meta.url), 'utf8');

describe('importing a service from an OpenAPI URL through a started gateway', () => {
  let gateway: TestGateway;
  let documents: Server;
  let documentsUrl = '';
  let cookie = '';

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${gateway.adminUrl ?? ''}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    documents = createServer((request, response) => {
      if (request.url === '/petstore.yaml') {
        response.writeHead(200, { 'content-type': 'application/yaml' }).end(petstore);
      } else if (request.url === '/huge.yaml') {
        response.writeHead(200, { 'content-type': 'application/yaml' });
        const line = `# ${'x'.repeat(1022)}\n`;
        for (let index = 0; index < 9 * 1024; index++) response.write(line);
        response.end();
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    documentsUrl = `http://127.0.0.1:${(documents.address() as AddressInfo).port}`;
    gateway = await startGateway(
      'webhooks:\n  allow_private_targets: [127.0.0.1]\n',
      {},
      { controlPlane: true },
    );
    const login = await fetch(`${gateway.adminUrl ?? ''}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  });

  afterAll(async () => {
    await gateway.close();
    await new Promise<void>((resolve) => documents.close(() => resolve()));
  });

  it('fetches the document, creates the service and serves the document with the data plane address', async () => {
    const imported = await call('POST', '/api/admin/services/import', {
      url: `${documentsUrl}/petstore.yaml`,
      upstream_url: 'http://127.0.0.1:9/api/v3',
      base_path: '/petstore',
    });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ name: 'swagger-petstore-openapi-3-0', has_openapi: true });
    const served = await call('GET', `/api/admin/services/${String(imported.body['id'])}/openapi`);
    const origin = new URL(gateway.url).origin;
    expect(served.body['servers']).toEqual([{ url: `${origin}/petstore` }]);
  });

  it('refuses missing and oversized documents with a 400 naming the url', async () => {
    for (const path of ['/missing.yaml', '/huge.yaml']) {
      const answer = await call('POST', '/api/admin/services/import', { url: `${documentsUrl}${path}` });
      expect(answer.status, path).toBe(400);
      expect(JSON.stringify(answer.body)).toContain("'url'");
    }
  });
});
