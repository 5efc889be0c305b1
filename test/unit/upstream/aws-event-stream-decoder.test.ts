import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AwsEventStreamDecoder } from '../../../src/upstream/aws-event-stream-decoder.js';
import { createFrameDecoder } from '../../../src/upstream/create-frame-decoder.js';
import type { SseEvent } from '../../../src/upstream/sse-decoder.js';
import {
  bedrockEvent,
  bedrockException,
  encodeAwsEventStream,
  encodeAwsEventStreamFrame,
} from '../../support/encode-aws-event-stream.js';
import { catchGatewayError } from '../../support/catch-gateway-error.js';

function decodeInPieces(bytes: Uint8Array, pieces: Uint8Array[]): SseEvent[] {
  const decoder = new AwsEventStreamDecoder();
  const events = pieces.flatMap((piece) => decoder.push(piece));
  events.push(...decoder.end());
  expect(pieces.reduce((sum, piece) => sum + piece.length, 0)).toBe(bytes.length);
  return events;
}

const stream = encodeAwsEventStream([
  bedrockEvent('messageStart', { role: 'assistant', p: 'abcdefgh' }),
  bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Grüße 👋' } }),
  bedrockEvent('messageStop', { stopReason: 'end_turn' }),
]);
const expected: SseEvent[] = [
  { event: 'messageStart', data: '{"role":"assistant","p":"abcdefgh"}' },
  { event: 'contentBlockDelta', data: '{"contentBlockIndex":0,"delta":{"text":"Grüße 👋"}}' },
  { event: 'messageStop', data: '{"stopReason":"end_turn"}' },
];

describe('AwsEventStreamDecoder', () => {
  it("decodes a published frame (content-type header, payload {'foo':'bar'}) with both CRCs", () => {
    // The example message of awslabs/aws-c-event-stream, as quoted by aws-event-stream-parser-rs.
    const frame = Buffer.from(
      '0000003d0000002007fd83960c636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e7b27666f6f273a27626172277d8d9c08b1',
      'hex',
    );
    expect(new AwsEventStreamDecoder().push(frame)).toEqual([{ event: undefined, data: "{'foo':'bar'}" }]);
  });

  it('decodes a recorded Bedrock exception frame as exception:<type>', () => {
    // A modelStreamErrorException frame recorded from Bedrock (vercel/ai test fixture).
    const frame = Buffer.from(
      'AAAA3QAAAGfHkZB6DTptZXNzYWdlLXR5cGUHAAlleGNlcHRpb24POmV4Y2VwdGlvbi10eXBlBwAZbW9kZWxTdHJlYW1FcnJvckV4Y2VwdGlvbg06Y29udGVudC10eXBlBwAQYXBwbGljYXRpb24vanNvbnsibWVzc2FnZSI6Ik1vZGVsIFN0cmVhbSBFcnJvciIsIm9yaWdpbmFsU3RhdHVzQ29kZSI6NTAwLCJvcmlnaW5hbE1lc3NhZ2UiOiJUaGUgbW9kZWwgc3RyZWFtIGZhaWxlZC4ifVczQxM=',
      'base64',
    );
    expect(new AwsEventStreamDecoder().push(frame)).toEqual([
      {
        event: 'exception:modelStreamErrorException',
        data: '{"message":"Model Stream Error","originalStatusCode":500,"originalMessage":"The model stream failed."}',
      },
    ]);
  });

  it('decodes several frames delivered in one chunk', () => {
    expect(decodeInPieces(stream, [stream])).toEqual(expected);
  });

  it('decodes the same events when the body is split at every byte boundary', () => {
    for (let split = 0; split <= stream.length; split++) {
      const events = decodeInPieces(stream, [stream.subarray(0, split), stream.subarray(split)]);
      expect(events, `split at byte ${split}`).toEqual(expected);
    }
  });

  it('decodes the same events when fed one byte at a time', () => {
    const bytes = [...stream].map((byte) => Uint8Array.of(byte));
    expect(decodeInPieces(stream, bytes)).toEqual(expected);
  });

  it('returns each frame once, as soon as its last byte arrives', () => {
    const decoder = new AwsEventStreamDecoder();
    const firstFrameLength = stream.readUInt32BE(0);
    expect(decoder.push(stream.subarray(0, firstFrameLength - 1))).toEqual([]);
    expect(decoder.push(stream.subarray(firstFrameLength - 1, firstFrameLength))).toEqual([expected[0]]);
    expect(decoder.push(stream.subarray(firstFrameLength))).toEqual(expected.slice(1));
  });

  it('names modeled exceptions exception:<type> and unmodeled errors error:<code>', () => {
    const bytes = encodeAwsEventStream([
      bedrockException('throttlingException', 'Too many tokens, please wait before trying again.'),
      {
        headers: {
          ':message-type': 'error',
          ':error-code': 'InternalFailure',
          ':error-message': 'We encountered an internal error.',
        },
        payload: '',
      },
    ]);
    expect(new AwsEventStreamDecoder().push(bytes)).toEqual([
      {
        event: 'exception:throttlingException',
        data: '{"message":"Too many tokens, please wait before trying again."}',
      },
      { event: 'error:InternalFailure', data: 'We encountered an internal error.' },
    ]);
  });

  it('skips header values of every non-string type', () => {
    const frame = frameWithHeaders(
      Buffer.concat([
        header('flag-true', 0, Buffer.alloc(0)),
        header('flag-false', 1, Buffer.alloc(0)),
        header('byte', 2, Buffer.of(7)),
        header('short', 3, Buffer.alloc(2)),
        header('integer', 4, Buffer.alloc(4)),
        header('long', 5, Buffer.alloc(8)),
        header('bytes', 6, Buffer.concat([Buffer.of(0, 3), Buffer.from('abc')])),
        header(':event-type', 7, Buffer.concat([Buffer.of(0, 8), Buffer.from('metadata')])),
        header('timestamp', 8, Buffer.alloc(8)),
        header('uuid', 9, Buffer.alloc(16)),
      ]),
      Buffer.from('{}'),
    );
    expect(new AwsEventStreamDecoder().push(frame)).toEqual([{ event: 'metadata', data: '{}' }]);
  });

  it('fails on a frame whose prelude CRC is wrong, before waiting for the rest', () => {
    const corrupt = Buffer.from(stream);
    corrupt[11] = (corrupt[11] ?? 0) ^ 1; // last byte of the prelude CRC
    const error = catchGatewayError(() => new AwsEventStreamDecoder().push(corrupt.subarray(0, 12)));
    expect(error.code).toBe('upstream_bad_response');
    expect(error.message).toContain('prelude checksum');
  });

  it('fails on a frame whose message CRC is wrong', () => {
    const corrupt = Buffer.from(stream);
    corrupt[20] = (corrupt[20] ?? 0) ^ 0xff; // a header byte of the first frame
    const error = catchGatewayError(() => new AwsEventStreamDecoder().push(corrupt));
    expect(error.code).toBe('upstream_bad_response');
    expect(error.message).toContain('message checksum');
  });

  it('fails on lengths that cannot hold a frame even when their CRC is right', () => {
    const prelude = Buffer.alloc(12);
    prelude.writeUInt32BE(16, 0);
    prelude.writeUInt32BE(8, 4);
    prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
    expect(catchGatewayError(() => new AwsEventStreamDecoder().push(prelude)).message).toContain(
      'inconsistent',
    );
  });

  it('fails when the body ends inside a frame', () => {
    const decoder = new AwsEventStreamDecoder();
    decoder.push(stream.subarray(0, stream.length - 1));
    const error = catchGatewayError(() => decoder.end());
    expect(error.code).toBe('upstream_bad_response');
    expect(error.message).toContain('ended inside a frame');
  });

  it('is what createFrameDecoder returns for aws-event-stream framing', () => {
    expect(createFrameDecoder('aws-event-stream')).toBeInstanceOf(AwsEventStreamDecoder);
    expect(createFrameDecoder('sse')).not.toBeInstanceOf(AwsEventStreamDecoder);
  });

  it('agrees with the test encoder on frames with an empty payload', () => {
    const frame = encodeAwsEventStreamFrame({ headers: { ':event-type': 'ping' }, payload: '' });
    expect(frame.length).toBe(12 + 1 + 11 + 1 + 2 + 4 + 4);
    expect(new AwsEventStreamDecoder().push(frame)).toEqual([{ event: 'ping', data: '' }]);
  });
});

function header(name: string, type: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.of(name.length), Buffer.from(name), Buffer.of(type), value]);
}

function frameWithHeaders(headers: Buffer, payload: Buffer): Buffer {
  const total = 12 + headers.length + payload.length + 4;
  const frame = Buffer.alloc(total);
  frame.writeUInt32BE(total, 0);
  frame.writeUInt32BE(headers.length, 4);
  frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
  headers.copy(frame, 12);
  payload.copy(frame, 12 + headers.length);
  frame.writeUInt32BE(crc32(frame.subarray(0, total - 4)), total - 4);
  return frame;
}
