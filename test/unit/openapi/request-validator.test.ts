import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { importOpenApi } from '../../../src/openapi/import-openapi.js';
import { createRequestValidator } from '../../../src/openapi/request-validator.js';
import { readFixture } from './read-fixture.js';

const petstore = importOpenApi(readFixture('petstore-3.0.yaml'), { upstreamUrl: 'http://127.0.0.1:1' });
const inventory = importOpenApi(readFixture('inventory-3.1.yaml'), {});
const json: IncomingHttpHeaders = { 'content-type': 'application/json', 'content-length': '42' };

interface Call {
  method: string;
  pathTemplate: string;
  params?: Record<string, string>;
  query?: string;
  headers?: IncomingHttpHeaders;
  body?: unknown;
}

function check(document: typeof petstore.document, call: Call): string[] {
  return createRequestValidator(document).validate({
    method: call.method,
    pathTemplate: call.pathTemplate,
    params: call.params ?? {},
    query: new URLSearchParams(call.query ?? ''),
    headers: call.headers ?? {},
    ...(call.body === undefined ? {} : { body: call.body }),
  });
}

const pet = {
  name: 'doggie',
  photoUrls: ['https://example.com/a.png'],
  category: { id: 1, name: 'Dogs' },
  status: 'available',
};

describe('createRequestValidator: Petstore 3.0', () => {
  it('compiles once per document object', () => {
    expect(createRequestValidator(petstore.document)).toBe(createRequestValidator(petstore.document));
  });

  it('checks path parameter types', () => {
    expect(
      check(petstore.document, { method: 'GET', pathTemplate: '/pet/:petId', params: { petId: '42' } }),
    ).toEqual([]);
    expect(
      check(petstore.document, { method: 'GET', pathTemplate: '/pet/:petId', params: { petId: 'rex' } }),
    ).toEqual(['path.petId must be integer']);
    expect(
      check(petstore.document, { method: 'HEAD', pathTemplate: '/pet/:petId', params: { petId: 'x' } }),
    ).toHaveLength(1);
  });

  it('checks query values against their enum, and arrays from repeated keys', () => {
    const byStatus = { method: 'GET', pathTemplate: '/pet/findByStatus' };
    expect(check(petstore.document, { ...byStatus, query: 'status=sold' })).toEqual([]);
    expect(check(petstore.document, { ...byStatus, query: 'status=lost' })).toEqual([
      'query.status must be one of "available", "pending", "sold"',
    ]);
    expect(
      check(petstore.document, { method: 'GET', pathTemplate: '/pet/findByTags', query: 'tags=a&tags=b' }),
    ).toEqual([]);
  });

  it('checks JSON bodies against schemas behind $refs', () => {
    const addPet = { method: 'POST', pathTemplate: '/pet', headers: json };
    expect(check(petstore.document, { ...addPet, body: pet })).toEqual([]);
    expect(
      check(petstore.document, { ...addPet, body: { ...pet, category: { id: 'one' }, status: 'lost' } }),
    ).toEqual([
      'body.category.id must be integer',
      'body.status must be one of "available", "pending", "sold"',
    ]);
    expect(check(petstore.document, { ...addPet, body: { photoUrls: 'a' } })).toEqual([
      'body must have required properties name',
      'body.photoUrls must be array',
    ]);
    expect(
      check(petstore.document, {
        method: 'POST',
        pathTemplate: '/user/createWithList',
        headers: json,
        body: [{ id: 'x' }],
      }),
    ).toEqual(['body[0].id must be integer']);
  });

  it('requires a required body and refuses media types the operation does not accept', () => {
    expect(check(petstore.document, { method: 'POST', pathTemplate: '/pet' })).toEqual(['body is required']);
    expect(
      check(petstore.document, {
        method: 'POST',
        pathTemplate: '/pet',
        headers: { 'content-type': 'text/plain', 'content-length': '3' },
      }),
    ).toEqual([
      "body content type 'text/plain' is not one of application/json, application/xml, application/x-www-form-urlencoded",
    ]);
    // XML is declared: accepted, not validated.
    expect(
      check(petstore.document, {
        method: 'PUT',
        pathTemplate: '/pet',
        headers: { 'content-type': 'application/xml', 'content-length': '9' },
      }),
    ).toEqual([]);
  });

  it('does not validate operations the document does not declare', () => {
    expect(
      check(petstore.document, { method: 'PATCH', pathTemplate: '/pet/:petId', params: { petId: 'x' } }),
    ).toEqual([]);
    expect(check(petstore.document, { method: 'GET', pathTemplate: '/nowhere' })).toEqual([]);
  });
});

describe('createRequestValidator: the 3.1 fixture', () => {
  const items = { method: 'GET', pathTemplate: '/items' };

  it('coerces numbers and booleans and checks their bounds', () => {
    expect(check(inventory.document, { ...items, query: 'limit=10&in_stock=true&tag=a' })).toEqual([]);
    expect(check(inventory.document, { ...items, query: 'limit=500' })).toEqual([
      'query.limit must be an integer from 1 to 100',
    ]);
    expect(check(inventory.document, { ...items, query: 'limit=ten&in_stock=maybe' })).toEqual([
      'query.limit must be integer',
      'query.in_stock must be boolean',
    ]);
  });

  it('merges path-level parameters with the operation ones (the operation wins)', () => {
    const get = { method: 'GET', pathTemplate: '/items/:itemId', params: { itemId: 'ABC-1234' } };
    expect(check(inventory.document, get)).toEqual(['header.X-Warehouse is required']);
    expect(check(inventory.document, { ...get, headers: { 'x-warehouse': 'north' } })).toEqual([]);
    expect(
      check(inventory.document, { ...get, params: { itemId: 'abc' }, headers: { 'x-warehouse': 'n' } }),
    ).toEqual(['path.itemId must match pattern "^[A-Z]{3}-[0-9]{4}$"']);
    const patch = { method: 'PATCH', pathTemplate: '/items/:itemId', params: { itemId: 'ABC-1234' } };
    expect(check(inventory.document, patch)).toEqual([]);
  });

  it('reads 3.1 type lists, numeric exclusive bounds and +json media types', () => {
    const headers = { 'content-type': 'application/merge-patch+json', 'content-length': '20' };
    const patch = {
      method: 'PATCH',
      pathTemplate: '/items/:itemId',
      params: { itemId: 'ABC-1234' },
      headers,
    };
    expect(check(inventory.document, { ...patch, body: { price: 2.5, note: null } })).toEqual([]);
    expect(check(inventory.document, { ...patch, body: { price: 0, note: 3 } })).toEqual([
      'body.price must be a number > 0',
      'body.note must be either string or null',
    ]);
  });

  it('validates recursive schemas and unknown fields', () => {
    const create = { method: 'POST', pathTemplate: '/items', headers: json };
    const item = { sku: 'A', quantity: 1, parent: { sku: 'B', quantity: 2, parent: null } };
    expect(check(inventory.document, { ...create, body: item })).toEqual([]);
    expect(
      check(inventory.document, {
        ...create,
        body: { ...item, parent: { sku: 'B', quantity: -1 }, colour: 'red' },
      }).length,
    ).toBeGreaterThan(0);
  });

  it('handles parameters inside a path segment', () => {
    const file = { method: 'GET', pathTemplate: '/files/:name.:ext' };
    expect(check(inventory.document, { ...file, params: { name: 'stock', ext: 'csv' } })).toEqual([]);
    expect(check(inventory.document, { ...file, params: { name: 'stock', ext: 'exe' } })).toEqual([
      'path.ext must be one of "csv", "json"',
    ]);
  });
});

describe('createRequestValidator: OpenAPI 3.0 specifics', () => {
  const document = importOpenApi(
    JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'Nulls', version: '1' },
      servers: [{ url: 'http://127.0.0.1:1' }],
      paths: {
        '/things': {
          post: {
            parameters: [
              {
                name: 'ids',
                in: 'query',
                required: true,
                style: 'form',
                explode: false,
                schema: { type: 'array', items: { type: 'integer' } },
              },
            ],
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      label: { type: 'string', nullable: true },
                      size: { type: 'integer', minimum: 1, exclusiveMinimum: true },
                      owner: { allOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true },
                    },
                  },
                },
              },
            },
            responses: {},
          },
        },
      },
      components: {
        schemas: { Owner: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } },
      },
    }),
    {},
  ).document;
  const post = { method: 'POST', pathTemplate: '/things', headers: json };

  it('reads nullable and the boolean exclusiveMinimum', () => {
    expect(
      check(document, { ...post, query: 'ids=1,2', body: { label: null, size: 2, owner: null } }),
    ).toEqual([]);
    expect(check(document, { ...post, query: 'ids=1', body: { size: 1 } })).toEqual([
      'body.size must be an integer > 1',
    ]);
    expect(check(document, { ...post, query: 'ids=1', body: { owner: {} } })).not.toEqual([]);
  });

  it('splits comma lists when explode is false and says which query parameter is missing', () => {
    expect(check(document, { ...post, query: 'ids=1,x' })).toEqual(['query.ids[1] must be integer']);
    expect(check(document, post)).toEqual(['query.ids is required']);
  });
});

describe('createRequestValidator: renamed route parameters', () => {
  it('reads a parameter the route renamed ({pet-id} → :pet_id) under its document name', () => {
    const imported = importOpenApi(
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'Renamed', version: '1' },
        servers: [{ url: 'http://127.0.0.1:1' }],
        paths: {
          '/pets/{pet-id}': {
            get: {
              parameters: [{ name: 'pet-id', in: 'path', required: true, schema: { type: 'integer' } }],
              responses: {},
            },
          },
        },
      }),
      {},
    );
    expect(imported.spec.routes[0]?.path).toBe('/pets/:pet_id');
    const get = { method: 'GET', pathTemplate: '/pets/:pet_id' };
    expect(check(imported.document, { ...get, params: { pet_id: '7' } })).toEqual([]);
    expect(check(imported.document, { ...get, params: { pet_id: 'x' } })).toEqual([
      'path.pet-id must be integer',
    ]);
  });
});
