import fc from 'fast-check';
import type { JsonValue } from '../../src/core/chat.js';
import { withValueAt } from './json-arbitraries.js';

/** Byte sequences that are not valid UTF-8: a lone continuation, a cut lead byte, an overlong `/`, an encoded surrogate, 0xFF. */
const invalidUtf8: fc.Arbitrary<Buffer> = fc
  .constantFrom(
    [0x80],
    [0xc3],
    [0xe2, 0x82],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xff],
    [0xf4, 0x90, 0x80, 0x80],
  )
  .map((bytes) => Buffer.from(bytes));

const marker = 'FUZZ-DEEP-VALUE';

/** `[[[…]]]` or `{"a":{"a":…}}` text nested `depth` levels: built as text, since JSON.stringify cannot go that deep. */
function deepText(depth: number, arrays: boolean): string {
  return arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/**
 * Raw request bodies built from valid documents: truncated at any byte, with invalid UTF-8
 * spliced in, with a value nested thousands of levels deep at any field, or plainly broken.
 */
export function hostileBodyBytes(valid: fc.Arbitrary<JsonValue>): fc.Arbitrary<Buffer> {
  const encoded = valid.map((document) => Buffer.from(JSON.stringify(document), 'utf8'));
  return fc.oneof(
    fc.tuple(encoded, fc.nat()).map(([bytes, cut]) => bytes.subarray(0, cut % bytes.length)),
    fc.tuple(encoded, fc.nat(), invalidUtf8).map(([bytes, at, bad]) => {
      const position = at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, position), bad, bytes.subarray(position)]);
    }),
    fc
      .tuple(valid, fc.nat(), fc.integer({ min: 300, max: 30_000 }), fc.boolean())
      .map(([document, at, depth, arrays]) => {
        const text = JSON.stringify(withValueAt(document, at, marker));
        return Buffer.from(text.replace(`"${marker}"`, deepText(depth, arrays)), 'utf8');
      }),
    fc
      .constantFrom('', ' ', '\uFEFF{}', 'null', '"text"', '{"a":1}{"b":2}', '[', '{"model":')
      .map((text) => Buffer.from(text, 'utf8')),
  );
}
