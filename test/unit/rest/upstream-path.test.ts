import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/core/gateway-error.js';
import { upstreamPath } from '../../../src/rest/transform/upstream-path.js';

const base = { basePath: '/shop', params: {}, transforms: undefined };

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('upstreamPath', () => {
  it('strips the base path by default, at a segment boundary only', () => {
    expect(upstreamPath({ ...base, path: '/shop/items/7' })).toBe('/items/7');
    expect(upstreamPath({ ...base, path: '/shop' })).toBe('/');
    expect(upstreamPath({ ...base, path: '/shop/' })).toBe('/');
    expect(upstreamPath({ ...base, basePath: '/shop/', path: '/shop/a' })).toBe('/a');
    expect(upstreamPath({ ...base, basePath: '/', path: '/a/b' })).toBe('/a/b');
    expect(refusal(() => upstreamPath({ ...base, path: '/shopping/a' })).status).toBe(404);
  });

  it('keeps the base path when strip_base_path is false', () => {
    const transforms = { strip_base_path: false };
    expect(upstreamPath({ ...base, transforms, path: '/shop/items' })).toBe('/shop/items');
  });

  it('keeps percent-encoding as the client sent it', () => {
    expect(upstreamPath({ ...base, path: '/shop/a%20b/%C3%A9t%C3%A9/x%2Fy' })).toBe(
      '/a%20b/%C3%A9t%C3%A9/x%2Fy',
    );
  });

  it('fills rewrite_path with parameters and the wildcard, encoded again', () => {
    const transforms = { rewrite_path: '/v2/items/:id/parts/*' };
    const params = { id: 'a b/c', '*': 'x/ü y/z' };
    expect(upstreamPath({ ...base, transforms, params, path: '/shop/whatever' })).toBe(
      '/v2/items/a%20b%2Fc/parts/x/%C3%BC%20y/z',
    );
    expect(
      upstreamPath({
        ...base,
        transforms: { rewrite_path: '/u/:user_id.json' },
        params: { user_id: 'me:1' },
        path: '/shop/x',
      }),
    ).toBe('/u/me:1.json');
  });

  it('refuses a template parameter the route does not capture', () => {
    const error = refusal(() =>
      upstreamPath({ ...base, transforms: { rewrite_path: '/a/:missing' }, path: '/shop/a' }),
    );
    expect(error.message).toContain(':missing');
  });

  it('collapses empty segments', () => {
    expect(upstreamPath({ ...base, path: '/shop//a///b' })).toBe('/a/b');
    expect(
      upstreamPath({ ...base, transforms: { rewrite_path: '/v/*' }, params: { '*': '' }, path: '/shop/' }),
    ).toBe('/v/');
  });

  it.each([
    '/shop/../admin',
    '/shop/a/..',
    '/shop/./a',
    '/shop/%2e%2e/admin',
    '/shop/%2E%2e/admin',
    '/shop/.%2e/admin',
    '/shop/..%2fadmin',
    '/shop/a%2f..%2f..%2fadmin',
    '/shop/..%5cadmin',
    '/shop/..\\admin',
    '/shop/%252e%252e/admin',
    '/shop/a%00b',
  ])('refuses the traversal %s with a 400', (path) => {
    expect(refusal(() => upstreamPath({ ...base, path })).status).toBe(400);
  });

  it('refuses dot segments that arrive through parameters', () => {
    const transforms = { rewrite_path: '/files/*' };
    expect(
      refusal(() => upstreamPath({ ...base, transforms, params: { '*': 'a/../../etc' }, path: '/shop/x' }))
        .status,
    ).toBe(400);
    const single = { rewrite_path: '/files/:name' };
    expect(
      refusal(() => upstreamPath({ ...base, transforms: single, params: { name: '..' }, path: '/shop/x' }))
        .status,
    ).toBe(400);
  });

  it('keeps names that only contain dots', () => {
    expect(upstreamPath({ ...base, path: '/shop/.well-known/a..b/...' })).toBe('/.well-known/a..b/...');
  });

  it('refuses a malformed percent-encoding and a path without a leading slash', () => {
    expect(refusal(() => upstreamPath({ ...base, path: '/shop/%zz' })).status).toBe(400);
    expect(refusal(() => upstreamPath({ ...base, path: 'shop/a' })).status).toBe(400);
  });
});
