import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminPerStore, type AdminClient, type JsonObject } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();
const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/openapi/${name}`, import.meta.url), 'utf8');
const petstore = fixture('petstore-3.0.yaml');
const inventory = fixture('inventory-3.1.yaml');

interface ServiceBody {
  id: string;
  name: string;
  description: string;
  spec: {
    base_path: string;
    routes: { name?: string; methods?: string[]; path: string }[];
    upstream: JsonObject;
  };
}

function errorMessage(body: unknown): string {
  return JSON.stringify(body);
}

describe.each(storeTargets)('OpenAPI import through the admin API on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip);
  let platform: AdminClient;

  beforeAll(() => {
    if (skip) return;
    platform = admin().asAdmin;
  });

  it.skipIf(skip)(
    'imports the Petstore into a service with its routes, and serves its document',
    async () => {
      const imported = await platform.post<ServiceBody>('/api/admin/services/import', {
        document: petstore,
        upstream_url: 'https://petstore3.swagger.io/api/v3',
      });
      expect(imported.status).toBe(201);
      expect(imported.body.name).toBe('swagger-petstore-openapi-3-0');
      expect(imported.body.description).toMatch(/^This is a sample Pet Store Server/);
      const { spec } = imported.body;
      expect(spec.base_path).toBe('/v3');
      expect(spec.upstream).toMatchObject({ nodes: [{ url: 'https://petstore3.swagger.io/api/v3' }] });
      expect(spec.routes).toHaveLength(19);
      expect(spec.routes).toEqual(
        expect.arrayContaining([
          { name: 'getPetById', methods: ['GET'], path: '/pet/:petId' },
          { name: 'addPet', methods: ['POST'], path: '/pet' },
          { name: 'getInventory', methods: ['GET'], path: '/store/inventory' },
        ]),
      );

      const served = await platform.get(`/api/admin/services/${imported.body.id}/openapi`);
      expect(served.status).toBe(200);
      expect(served.body['servers']).toEqual([
        { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v3$/) as unknown },
      ]);
      expect(served.body['security']).toEqual([{ portico_api_key: [] }, { portico_bearer: [] }]);
      expect(served.body['components']).toHaveProperty('securitySchemes.portico_api_key.name', 'x-api-key');
      expect(errorMessage(served.body)).not.toContain('petstore_auth');
      const original = parse(petstore) as { paths: JsonObject };
      expect(Object.keys(served.body['paths'] as JsonObject)).toEqual(Object.keys(original.paths));
    },
  );

  it.skipIf(skip)('imports a 3.1 document given as JSON, its upstream from server variables', async () => {
    const imported = await platform.post<ServiceBody>('/api/admin/services/import', {
      document: parse(inventory) as unknown,
      name: 'inventory',
    });
    expect(imported.status).toBe(201);
    expect(imported.body.spec.base_path).toBe('/v2');
    expect(imported.body.spec.upstream).toMatchObject({
      nodes: [{ url: 'https://inventory.example.com/v2' }],
    });
    expect(imported.body.spec.routes.map((route) => route.path)).toContain('/files/:name.:ext');
  });

  it.skipIf(skip)(
    'answers 400 with a clear message for documents it cannot import, and stores nothing',
    async () => {
      const before = await admin().store.db.selectFrom('routes').select('id').execute();
      const swagger = await platform.post('/api/admin/services/import', {
        document: 'swagger: "2.0"\ninfo: {title: Old, version: "1"}\npaths: {}\n',
      });
      expect(swagger.status).toBe(400);
      expect(errorMessage(swagger.body)).toContain('Swagger (OpenAPI 2.0) documents are not supported');
      const relative = await platform.post('/api/admin/services/import', {
        document: petstore,
        name: 'pets-2',
      });
      expect(relative.status).toBe(400);
      expect(errorMessage(relative.body)).toContain('pass upstream_url');
      const remote = await platform.post('/api/admin/services/import', {
        document: {
          openapi: '3.0.3',
          info: { title: 'Remote', version: '1' },
          servers: [{ url: 'http://127.0.0.1:9' }],
          paths: { '/a': { get: { parameters: [{ $ref: 'https://example.com/p.yaml' }], responses: {} } } },
        },
      });
      expect(remote.status).toBe(400);
      expect(errorMessage(remote.body)).toContain('remote references are not fetched');
      const yaml = await platform.post('/api/admin/services/import', {
        document: 'openapi: 3.0.0\ninfo: [\n',
      });
      expect(yaml.status).toBe(400);
      expect(errorMessage(yaml.body)).toContain('not valid YAML');
      expect(await admin().store.db.selectFrom('routes').select('id').execute()).toHaveLength(before.length);
    },
  );
});
