import { describe, expect, it } from 'vitest';
import { importOpenApi, OpenApiError } from '../../../src/openapi/import-openapi.js';
import { createRequestValidator } from '../../../src/openapi/request-validator.js';
import { readFixture } from './read-fixture.js';

const petstore = readFixture('petstore-3.0.yaml');

function refusal(text: string, options: Parameters<typeof importOpenApi>[1] = {}): string {
  try {
    importOpenApi(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(OpenApiError);
    return (error as Error).message;
  }
  throw new Error('the import was accepted');
}

function minimal(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'Tiny', version: '1' },
    servers: [{ url: 'https://tiny.example.com/api' }],
    paths: { '/ping': { get: { responses: { '200': { description: 'ok' } } } } },
    ...extra,
  });
}

describe('importOpenApi: the Petstore 3.0 document', () => {
  const imported = importOpenApi(petstore, { upstreamUrl: 'https://petstore3.swagger.io/api/v3' });
  const routes = imported.spec.routes.map((route) => `${route.methods?.join(',') ?? '*'} ${route.path}`);

  it('makes one route per path and operation, in find-my-way syntax, named by operationId', () => {
    expect(imported.spec.routes).toHaveLength(19);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /pet/:petId',
        'POST /pet',
        'PUT /pet',
        'GET /store/inventory',
        'DELETE /store/order/:orderId',
        'POST /pet/:petId/uploadImage',
        'GET /user/:username',
      ]),
    );
    expect(
      imported.spec.routes.find((route) => route.path === '/pet/:petId' && route.methods?.[0] === 'GET'),
    ).toMatchObject({ name: 'getPetById' });
  });

  it('takes the name and description from info, the base path from servers[0], the upstream from the option', () => {
    expect(imported.name).toBe('swagger-petstore-openapi-3-0');
    expect(imported.description).toMatch(/^This is a sample Pet Store Server/);
    expect(imported.spec.base_path).toBe('/v3');
    expect(imported.spec.upstream.nodes).toEqual([{ url: 'https://petstore3.swagger.io/api/v3' }]);
    expect(imported.document['openapi']).toBe('3.0.2');
  });

  it('lets the options win over the document', () => {
    const named = importOpenApi(petstore, {
      name: 'pets',
      basePath: '/pets/',
      upstreamUrl: 'http://127.0.0.1:8080/',
    });
    expect(named.name).toBe('pets');
    expect(named.spec.base_path).toBe('/pets');
    expect(named.spec.upstream.nodes).toEqual([{ url: 'http://127.0.0.1:8080' }]);
  });

  it('refuses a relative server URL without upstream_url', () => {
    expect(refusal(petstore)).toMatch(/relative.*pass upstream_url/);
  });
});

describe('importOpenApi: servers', () => {
  it('uses an absolute server URL as the upstream and its path as the base path', () => {
    const imported = importOpenApi(minimal(), {});
    expect(imported.spec.upstream.nodes).toEqual([{ url: 'https://tiny.example.com/api' }]);
    expect(imported.spec.base_path).toBe('/api');
  });

  it('falls back to /<name> when the server URL has no path', () => {
    const imported = importOpenApi(minimal({ servers: [{ url: 'https://tiny.example.com/' }] }), {});
    expect(imported.spec.base_path).toBe('/tiny');
    expect(imported.spec.upstream.nodes).toEqual([{ url: 'https://tiny.example.com' }]);
  });

  it('resolves server variables to their defaults', () => {
    const servers = [
      {
        url: '{scheme}://{host}/v{major}',
        variables: { scheme: { default: 'http' }, host: { default: 'h.example' }, major: { default: '2' } },
      },
    ];
    const imported = importOpenApi(minimal({ servers }), {});
    expect(imported.spec.upstream.nodes).toEqual([{ url: 'http://h.example/v2' }]);
    expect(imported.spec.base_path).toBe('/v2');
  });

  it('refuses a document with no server and no upstream_url, and a server that is not http', () => {
    expect(refusal(minimal({ servers: [] }))).toMatch(/names no server: pass upstream_url/);
    expect(refusal(minimal({ servers: [{ url: 'ftp://files.example.com' }] }))).toMatch(/not http or https/);
  });
});

describe('importOpenApi: what it refuses', () => {
  it('refuses Swagger 2.0 and saying so', () => {
    const swagger = 'swagger: "2.0"\ninfo: {title: Old, version: "1"}\npaths: {}\n';
    expect(refusal(swagger)).toMatch(/Swagger \(OpenAPI 2\.0\) documents are not supported/);
  });

  it('refuses other OpenAPI versions and documents without a version', () => {
    expect(refusal(minimal({ openapi: '4.0.0' }))).toMatch(/OpenAPI 4\.0\.0 is not supported/);
    expect(refusal('info: {title: x}\n')).toMatch(/no 'openapi' version field/);
  });

  it('says where YAML is broken, and refuses broken JSON and non-objects', () => {
    expect(refusal('openapi: 3.0.0\ninfo:\n  title: [unclosed\n')).toMatch(/not valid YAML at line \d+/);
    expect(refusal('{"openapi": "3.0.0",')).toMatch(/not valid JSON/);
    expect(refusal('- a\n- b\n')).toMatch(/not a JSON or YAML object/);
    expect(refusal('   ')).toMatch(/empty/);
  });

  it('refuses remote and dangling $refs without fetching anything', () => {
    const remote = {
      '/a': { get: { requestBody: { $ref: 'https://evil.example/body.json' }, responses: {} } },
    };
    expect(refusal(minimal({ paths: remote }))).toMatch(/remote references are not fetched/);
    const dangling = {
      '/a': { get: { parameters: [{ $ref: '#/components/parameters/nope' }], responses: {} } },
    };
    expect(refusal(minimal({ paths: dangling }))).toMatch(/points at nothing/);
  });

  it('refuses $ref cycles and documents over the size cap', () => {
    const components = {
      schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } },
    };
    expect(refusal(minimal({ components }))).toMatch(/\$ref chain longer than/);
    expect(refusal(`${minimal()}${' '.repeat(5 * 1024 * 1024)}`)).toMatch(/the most accepted/);
  });

  it('refuses YAML alias bombs', () => {
    const lines = ['openapi: 3.0.0', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const next = String.fromCharCode(97 + level);
      lines.push(`${next}: &${next} [${Array.from({ length: 10 }, () => `*${previous}`).join(',')}]`);
    }
    expect(refusal(lines.join('\n'))).toMatch(/YAML|too large/);
  });

  it('refuses a document without operations or with paths routes cannot hold', () => {
    expect(refusal(minimal({ paths: {} }))).toMatch(/no operations/);
    expect(refusal(minimal({ paths: { '/a/{id}x': { get: { responses: {} } } } }))).toMatch(
      /followed by a letter/,
    );
    expect(refusal(minimal({ paths: { '/a/*': { get: { responses: {} } } } }))).toMatch(/cannot hold/);
  });

  it('refuses two paths that make the same route', () => {
    const paths = { '/a/{x}': { get: { responses: {} } }, '/a/{y}': { get: { responses: {} } } };
    expect(refusal(minimal({ paths }))).toMatch(/both declare GET on the same route \/a\/:y/);
  });
});

describe('importOpenApi: large documents', () => {
  it('imports hundreds of operations whose schemas chain through $refs, and validates the last one', () => {
    const count = 150;
    const schemas: Record<string, unknown> = {};
    const paths: Record<string, unknown> = {};
    for (let index = 0; index < count; index++) {
      const next = `#/components/schemas/S${(index + 1) % count}`;
      schemas[`S${index}`] = {
        type: 'object',
        properties: { id: { type: 'integer' }, next: { $ref: next } },
      };
      paths[`/r${index}/{id}`] = {
        post: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          requestBody: {
            content: { 'application/json': { schema: { $ref: `#/components/schemas/S${index}` } } },
          },
          responses: {},
        },
      };
    }
    const imported = importOpenApi(minimal({ paths, components: { schemas } }), {});
    expect(imported.spec.routes).toHaveLength(count);
    const problems = createRequestValidator(imported.document).validate({
      method: 'POST',
      pathTemplate: `/r${count - 1}/:id`,
      params: { id: '1' },
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/json', 'content-length': '30' },
      body: { id: 1, next: { id: 'two' } },
    });
    expect(problems).toEqual(['body.next.id must be integer']);
  });
});
