import { describe, expect, it } from 'vitest';
import { SseDecoder, type SseEvent } from '../../../src/upstream/sse-decoder.js';

// Found by test/fuzz: an empty chunk between the `\r` and `\n` of one line ending made the
// `\n` read as a blank line, which ended the event early and split it in two.
describe('SseDecoder and a CRLF split around an empty chunk', () => {
  const encoder = new TextEncoder();

  function decode(chunks: readonly Uint8Array[]): SseEvent[] {
    const decoder = new SseDecoder();
    return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
  }

  it('reads `data: a\\r` + empty chunk + `\\ndata: b\\r\\n\\r\\n` as one event', () => {
    const chunks = [encoder.encode('data: a\r'), new Uint8Array(0), encoder.encode('\ndata: b\r\n\r\n')];
    expect(decode(chunks)).toEqual([{ event: undefined, data: 'a\nb' }]);
  });

  it('does the same when the chunk between holds only part of a UTF-8 character', () => {
    const euro = encoder.encode('€');
    const chunks = [
      encoder.encode('data: a\r'),
      new Uint8Array(0),
      encoder.encode('\ndata: '),
      euro.subarray(0, 1),
      euro.subarray(1),
      encoder.encode('\r\n\r\n'),
    ];
    expect(decode(chunks)).toEqual([{ event: undefined, data: 'a\n€' }]);
  });
});
