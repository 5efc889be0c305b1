import { describe, expect, it } from 'vitest';
import type { HttpServiceSpec } from '../../../src/config/http-service-schema.js';
import { RestRouter, type RestRequest } from '../../../src/rest/router/rest-router.js';

function service(
  name: string,
  spec: Partial<HttpServiceSpec> & Pick<HttpServiceSpec, 'base_path' | 'routes'>,
) {
  return {
    entry: {
      id: name,
      name,
      tenantId: null,
      release: 1,
      spec: { upstream: { nodes: [{ url: 'http://127.0.0.1:1' }] }, ...spec },
    },
  };
}

function request(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  query = '',
): RestRequest {
  return { method, path, query, headers };
}

const router = new RestRouter(
  [
    service('users', {
      base_path: '/api/users',
      routes: [
        { name: 'one', path: '/:id', methods: ['GET', 'PUT'] },
        { name: 'list', path: '/', methods: ['GET'] },
        { name: 'files', path: '/files/*' },
        { name: 'beta', path: '/:id', methods: ['GET'], headers: { 'X-Beta': '1' }, priority: 5 },
        { name: 'q', path: '/:id', methods: ['GET'], query: { view: 'full' }, priority: 3 },
      ],
    }),
    service('v1', {
      base_path: '/shop',
      version: { name: 'v1', header: 'x-api-version', default: true },
      routes: [{ name: 'v1', path: '/items' }],
    }),
    service('v2', {
      base_path: '/shop',
      version: { name: 'v2', header: 'x-api-version' },
      routes: [{ name: 'v2', path: '/items' }],
    }),
    service('hosted', {
      base_path: '/h',
      hosts: ['api.example.com', '*.example.org'],
      routes: [{ name: 'h', path: '/x' }],
    }),
  ],
  (_service, route) => route.name,
);

function matched(lookup: ReturnType<typeof router.find>): string | undefined {
  return lookup.kind === 'match' ? lookup.route.prepared : lookup.kind;
}

describe('RestRouter', () => {
  it('matches parameters, wildcards and the base path itself', () => {
    const lookup = router.find(request('GET', '/api/users/42'));
    expect(lookup.kind === 'match' && lookup.params).toEqual({ id: '42' });
    expect(lookup.kind === 'match' && lookup.route.pathTemplate).toBe('/api/users/:id');
    expect(matched(router.find(request('GET', '/api/users')))).toBe('list');
    const files = router.find(request('DELETE', '/api/users/files/a/b.txt'));
    expect(files.kind === 'match' && files.params['*']).toBe('a/b.txt');
  });

  it('answers 405 with the allowed methods, and not_found or none for unknown paths', () => {
    const lookup = router.find(request('DELETE', '/api/users/42'));
    expect(lookup.kind === 'method_not_allowed' && lookup.allow).toBe('GET, PUT');
    expect(router.find(request('GET', '/api/users/42/x')).kind).toBe('not_found');
    expect(router.find(request('GET', '/elsewhere')).kind).toBe('none');
    expect(router.find(request('GET', '/api/usersx')).kind).toBe('none');
  });

  it('takes the highest priority route whose conditions match', () => {
    expect(matched(router.find(request('GET', '/api/users/1', { 'x-beta': '1' })))).toBe('beta');
    expect(matched(router.find(request('GET', '/api/users/1', {}, 'view=full')))).toBe('q');
    expect(matched(router.find(request('GET', '/api/users/1', { 'x-beta': '2' })))).toBe('one');
  });

  it('picks header versions, the default when the header is absent or unknown', () => {
    expect(matched(router.find(request('GET', '/shop/items')))).toBe('v1');
    expect(matched(router.find(request('GET', '/shop/items', { 'x-api-version': 'v2' })))).toBe('v2');
    expect(matched(router.find(request('GET', '/shop/items', { 'x-api-version': 'v9' })))).toBe('v1');
  });

  it('checks hosts, exact and wildcard, ignoring the port', () => {
    expect(matched(router.find(request('GET', '/h/x', { host: 'api.example.com:8080' })))).toBe('h');
    expect(matched(router.find(request('GET', '/h/x', { host: 'a.example.org' })))).toBe('h');
    expect(router.find(request('GET', '/h/x', { host: 'evil.com' })).kind).toBe('none');
  });

  it('refuses traversal, encoded slashes and double slashes under a base path', () => {
    for (const path of [
      '/api/users/../admin',
      '/api/users/%2e%2e/admin',
      '/api/users/%2E%2e',
      '/api/users//42',
      '/api/users/a%2fb',
      '/api/users/a%5Cb',
      '/api/users/a\\b',
      '/api/users/%zz',
      '/api/users/./42',
    ]) {
      expect(router.find(request('GET', path)).kind, path).toBe('bad_path');
    }
    expect(matched(router.find(request('GET', '/api/users/a.b')))).toBe('one');
  });
});
