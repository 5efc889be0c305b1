import { describe, expect, it } from 'vitest';
import { editHeaders } from '../../../src/rest/transform/edit-headers.js';
import { editQuery } from '../../../src/rest/transform/edit-query.js';

describe('editHeaders', () => {
  it('removes, then sets, then adds, whatever the case of the names', () => {
    const headers: Record<string, string | string[]> = { 'x-a': '1', 'x-b': '2', 'x-c': '3', accept: 'x' };
    editHeaders(headers, {
      remove: ['X-A', 'X-B'],
      set: { 'X-B': 'set', Accept: 'application/json' },
      add: { 'X-C': 'more', 'X-D': 'new' },
    });
    expect(headers).toEqual({ 'x-b': 'set', 'x-c': ['3', 'more'], accept: 'application/json', 'x-d': 'new' });
  });

  it('appends to a header already holding several values and leaves headers alone without edits', () => {
    const headers: Record<string, string | string[]> = { 'x-c': ['1', '2'] };
    editHeaders(headers, { add: { 'x-c': '3' } });
    editHeaders(headers, undefined);
    expect(headers).toEqual({ 'x-c': ['1', '2', '3'] });
  });
});

describe('editQuery', () => {
  it('keeps the other parameters byte for byte', () => {
    expect(editQuery('a=1&b=%2F+x&c', { remove: ['a'] })).toBe('b=%2F+x&c');
    expect(editQuery('a=1&b=2', undefined)).toBe('a=1&b=2');
  });

  it('removes by decoded name', () => {
    expect(editQuery('my+key=1&my%20key=2&other=3', { remove: ['my key'] })).toBe('other=3');
  });

  it('adds encoded parameters, replacing what the client sent under that name', () => {
    expect(editQuery('api-version=evil&x=1', { add: { 'api-version': '2024-01', 'a b': 'c&d' } })).toBe(
      'x=1&api-version=2024-01&a%20b=c%26d',
    );
    expect(editQuery('', { add: { k: 'v' } })).toBe('k=v');
  });

  it('compares names case-sensitively and survives malformed escapes', () => {
    expect(editQuery('A=1&a=2&%zz=3', { remove: ['a', '%zz'] })).toBe('A=1');
  });
});
