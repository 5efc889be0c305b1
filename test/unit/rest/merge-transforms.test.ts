import { describe, expect, it } from 'vitest';
import { mergeTransforms } from '../../../src/rest/transform/merge-transforms.js';

describe('mergeTransforms', () => {
  it('returns either side when the other is absent', () => {
    const only = { strip_base_path: false };
    expect(mergeTransforms(undefined, undefined)).toBeUndefined();
    expect(mergeTransforms(only, undefined)).toBe(only);
    expect(mergeTransforms(undefined, only)).toBe(only);
  });

  it("lets the route's path settings replace the service's", () => {
    expect(mergeTransforms({ strip_base_path: false, rewrite_path: '/a' }, { rewrite_path: '/b' })).toEqual({
      strip_base_path: false,
      rewrite_path: '/b',
    });
  });

  it('combines header edits, the route winning per name and removals adding up', () => {
    const merged = mergeTransforms(
      {
        request_headers: { set: { 'X-Team': 'shop', 'x-env': 'prod' }, remove: ['Cookie'] },
        response_headers: { add: { a: '1' } },
      },
      { request_headers: { set: { 'x-team': 'cart' }, add: { 'x-b': '2' }, remove: ['cookie', 'x-debug'] } },
    );
    expect(merged).toEqual({
      request_headers: {
        set: { 'x-team': 'cart', 'x-env': 'prod' },
        add: { 'x-b': '2' },
        remove: ['cookie', 'x-debug'],
      },
      response_headers: { add: { a: '1' } },
    });
  });

  it('combines query edits with case-sensitive names', () => {
    expect(
      mergeTransforms(
        { query: { add: { K: '1' }, remove: ['A'] } },
        { query: { add: { k: '2' }, remove: ['a'] } },
      ),
    ).toEqual({
      query: { add: { K: '1', k: '2' }, remove: ['A', 'a'] },
    });
  });
});
