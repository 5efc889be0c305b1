import { describe, expect, it } from 'vitest';
import { SseDecoder, type SseEvent } from '../../../src/upstream/sse-decoder.js';

const stream =
  ': keep-alive\n\nevent: message_start\ndata: {"a":1}\n\ndata: line one\ndata: line two\n\nid: 7\nretry: 10\ndata: {"emoji":"🙂"}\n\ndata: [DONE]\n\n';

const expected: SseEvent[] = [
  { event: 'message_start', data: '{"a":1}' },
  { event: undefined, data: 'line one\nline two' },
  { event: undefined, data: '{"emoji":"🙂"}' },
  { event: undefined, data: '[DONE]' },
];

function decodeInPieces(bytes: Buffer, cut: (index: number) => boolean): SseEvent[] {
  const decoder = new SseDecoder();
  const events: SseEvent[] = [];
  let start = 0;
  for (let index = 1; index <= bytes.length; index++) {
    if (index === bytes.length || cut(index)) {
      events.push(...decoder.push(bytes.subarray(start, index)));
      start = index;
    }
  }
  return [...events, ...decoder.end()];
}

describe('SseDecoder', () => {
  it('decodes events, multi-line data, comments and ignored fields', () => {
    expect(decodeInPieces(Buffer.from(stream), () => false)).toEqual(expected);
  });

  it('gives the same events whatever the chunk boundaries, even inside a UTF-8 character', () => {
    const bytes = Buffer.from(stream);
    expect(decodeInPieces(bytes, () => true)).toEqual(expected);
    for (const size of [2, 3, 5, 7, 13])
      expect(decodeInPieces(bytes, (index) => index % size === 0)).toEqual(expected);
  });

  it('accepts CRLF and CR line endings, also split between chunks', () => {
    const crlf = Buffer.from(stream.replaceAll('\n', '\r\n'));
    expect(decodeInPieces(crlf, () => true)).toEqual(expected);
    expect(decodeInPieces(Buffer.from(stream.replaceAll('\n', '\r')), (index) => index % 4 === 0)).toEqual(
      expected,
    );
  });

  it('flushes a last event that lacks its blank line', () => {
    const decoder = new SseDecoder();
    expect(decoder.push('data: tail')).toEqual([]);
    expect(decoder.end()).toEqual([{ event: undefined, data: 'tail' }]);
  });
});
