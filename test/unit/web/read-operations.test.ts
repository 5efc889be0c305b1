import { describe, expect, it } from 'vitest';
import { readOperations, schemaSummary, serverUrl } from '../../../web/src/portal/openapi/read-operations.js';

const document = {
  openapi: '3.0.3',
  servers: [{ url: 'http://127.0.0.1:8080/orders' }],
  paths: {
    '/items/{id}': {
      parameters: [
        { $ref: '#/components/parameters/Id' },
        { name: 'trace', in: 'header', schema: { type: 'string' } },
      ],
      get: {
        tags: ['items'],
        operationId: 'getItem',
        summary: 'One item',
        parameters: [{ name: 'trace', in: 'header', required: true, schema: { type: 'boolean' } }],
      },
      put: {
        description: 'Replace an item',
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
      },
      trace: { summary: 'not an OpenAPI method the portal lists' },
    },
    '/broken': 'not an object',
  },
  components: {
    parameters: {
      Id: { name: 'id', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } },
    },
    schemas: {
      Item: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } },
          state: { enum: ['new', 'old'] },
        },
      },
      Tag: { type: 'object', properties: { label: { type: 'string' } } },
      Loop: { $ref: '#/components/schemas/Loop' },
    },
  },
};

describe('the portal reading a served OpenAPI document', () => {
  it('lists operations with resolved parameters, operation-level ones replacing path-level ones', () => {
    const operations = readOperations(document);
    expect(operations.map((operation) => `${operation.method} ${operation.path}`)).toEqual([
      'GET /items/{id}',
      'PUT /items/{id}',
    ]);
    const [get, put] = operations;
    expect(get?.parameters).toEqual([
      { name: 'id', in: 'path', required: true, description: '', type: 'integer (int64)' },
      { name: 'trace', in: 'header', required: true, description: '', type: 'boolean' },
    ]);
    expect(get?.tags).toEqual(['items']);
    expect(put).toMatchObject({ tags: ['default'], summary: 'Replace an item' });
    expect(put?.requestBody).toEqual([
      { contentType: 'application/json', schema: '{ name*: string, tags: [Tag], state: "new" | "old" }' },
    ]);
  });

  it('summarises schemas without looping on a self-reference, and reads servers[0]', () => {
    expect(schemaSummary(document, { $ref: '#/components/schemas/Loop' })).toBe('object');
    expect(schemaSummary(document, { $ref: '#/components/schemas/Missing' })).toBe('any');
    expect(serverUrl(document)).toBe('http://127.0.0.1:8080/orders');
    expect(serverUrl({})).toBe('');
    expect(readOperations('not a document')).toEqual([]);
  });
});
