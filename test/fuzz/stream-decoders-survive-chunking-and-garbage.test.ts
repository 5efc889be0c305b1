import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent, JsonObject } from '../../src/core/chat.js';
import { GatewayError } from '../../src/core/gateway-error.js';
import { createFrameDecoder } from '../../src/upstream/create-frame-decoder.js';
import type { SseEvent } from '../../src/upstream/sse-decoder.js';
import { fuzzParameters, fuzzTimeoutMs } from './fuzz-settings.js';
import { hostileValue, mutated, withValueAt } from './json-arbitraries.js';
import { recordedStreams, type RecordedStream } from './recorded-streams.js';

const streams = recordedStreams();
const sseStreams = streams.filter((stream) => stream.framing === 'sse');
const eventStreams = streams.filter((stream) => stream.framing === 'aws-event-stream');

/** `bytes` cut at the given offsets (modulo its length); repeated offsets give empty chunks. */
function split(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const offsets = cuts.map((cut) => cut % (bytes.length + 1)).sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const offset of offsets) {
    chunks.push(bytes.subarray(start, offset));
    start = offset;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

function frames(framing: RecordedStream['framing'], chunks: readonly Buffer[]): SseEvent[] {
  const decoder = createFrameDecoder(framing);
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
}

/** Canonical events with the fields a decoder makes up (ids, clock) blanked, so two runs compare. */
function canonical(stream: RecordedStream, events: readonly SseEvent[]): ChatStreamEvent[] {
  const decoder = stream.decoder();
  return events
    .flatMap((event) => decoder.decode(event))
    .map((event) => {
      if (event.type === 'start') return { ...event, id: '', created: 0 };
      // Gemini sends no call ids, so its decoder makes random ones.
      if (event.type === 'tool-call-start')
        return { ...event, id: event.id.replace(/^call_[0-9a-f]{12}/, 'call_') };
      return event;
    });
}

/** Runs `read`; a failure must be a GatewayError, never another exception. */
function readsOrFailsCleanly(read: () => void): void {
  try {
    read();
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
  }
}

const cuts = fc.array(fc.nat(), { maxLength: 24 });
const streamIndex = (list: readonly RecordedStream[]) => fc.nat({ max: list.length - 1 });

function pick(list: readonly RecordedStream[], index: number): RecordedStream {
  const stream = list[index];
  if (stream === undefined) throw new Error(`no recorded stream ${index}`);
  return stream;
}

describe('frame decoders give the same events however the bytes are chunked', () => {
  it('has recorded streams of both framings to replay', () => {
    expect(sseStreams.length).toBeGreaterThan(5);
    expect(eventStreams.length).toBeGreaterThan(2);
  });

  it('SSE: any split, any line ending (LF, CRLF, CR), the same events', () => {
    fc.assert(
      fc.property(
        streamIndex(sseStreams),
        cuts,
        fc.constantFrom('\n', '\r\n', '\r'),
        (index, offsets, newline) => {
          const stream = pick(sseStreams, index);
          const whole = frames('sse', [stream.bytes]);
          const bytes = Buffer.from(stream.bytes.toString('utf8').replaceAll('\n', newline), 'utf8');
          expect(frames('sse', split(bytes, offsets))).toEqual(whole);
        },
      ),
      fuzzParameters(400),
    );
  });

  it('SSE: two streams merged into one body give both streams’ events, in order', () => {
    fc.assert(
      fc.property(streamIndex(sseStreams), streamIndex(sseStreams), cuts, (first, second, offsets) => {
        const a = pick(sseStreams, first).bytes;
        const b = pick(sseStreams, second).bytes;
        const merged = frames('sse', split(Buffer.concat([a, b]), offsets));
        expect(merged).toEqual([...frames('sse', [a]), ...frames('sse', [b])]);
      }),
      fuzzParameters(200),
    );
  });

  it('AWS event-stream: any split, the same frames', () => {
    fc.assert(
      fc.property(streamIndex(eventStreams), cuts, (index, offsets) => {
        const stream = pick(eventStreams, index);
        expect(frames('aws-event-stream', split(stream.bytes, offsets))).toEqual(
          frames('aws-event-stream', [stream.bytes]),
        );
      }),
      fuzzParameters(300),
    );
  });

  it('provider stream decoders: any split, the same canonical events', () => {
    fc.assert(
      fc.property(streamIndex(streams), cuts, (index, offsets) => {
        const stream = pick(streams, index);
        const whole = canonical(stream, frames(stream.framing, [stream.bytes]));
        expect(canonical(stream, frames(stream.framing, split(stream.bytes, offsets)))).toEqual(whole);
      }),
      fuzzParameters(300),
    );
  });
});

/** Bytes of a recorded stream cut short, with garbage or invalid UTF-8 spliced in, or overwritten. */
const damagedBytes = (list: readonly RecordedStream[]) =>
  fc
    .tuple(
      streamIndex(list),
      fc.nat(),
      fc.uint8Array({ minLength: 1, maxLength: 16 }),
      fc.constantFrom('cut', 'insert', 'overwrite'),
    )
    .map(([index, at, garbage, how]) => {
      const stream = pick(list, index);
      const bytes = Buffer.from(stream.bytes);
      const position = at % (bytes.length + 1);
      const junk = Buffer.from(garbage);
      if (how === 'cut') return { stream, bytes: bytes.subarray(0, position) };
      if (how === 'insert')
        return {
          stream,
          bytes: Buffer.concat([bytes.subarray(0, position), junk, bytes.subarray(position)]),
        };
      junk.copy(bytes, Math.min(position, Math.max(bytes.length - junk.length, 0)));
      return { stream, bytes };
    });

const marker = 'FUZZ-DEEP-VALUE';

/** One upstream event with its data or name changed the ways a broken or hostile upstream might. */
function mutatedEvent(event: SseEvent): fc.Arbitrary<SseEvent> {
  let json: JsonObject | undefined;
  try {
    const parsed: unknown = JSON.parse(event.data);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      json = JSON.parse(event.data) as JsonObject;
  } catch {
    json = undefined;
  }
  const names = fc.constantFrom(
    undefined,
    'message_start',
    'content_block_delta',
    'message_delta',
    'error',
    'contentBlockStart',
    'contentBlockDelta',
    'messageStop',
    'metadata',
    'exception:throttlingException',
    'error:Boom',
    'tool-call-delta',
    'message-end',
    '',
  );
  const data: fc.Arbitrary<string> = fc.oneof(
    ...(json === undefined ? [] : [mutated(fc.constant(json)).map((value) => JSON.stringify(value))]),
    ...(json === undefined
      ? []
      : [
          fc
            .tuple(fc.nat(), fc.integer({ min: 300, max: 20_000 }))
            .map(([at, depth]) =>
              JSON.stringify(withValueAt(json, at, marker)).replace(
                `"${marker}"`,
                '['.repeat(depth) + ']'.repeat(depth),
              ),
            ),
        ]),
    hostileValue.map((value) => JSON.stringify(value)),
    fc.nat().map((cut) => event.data.slice(0, cut % (event.data.length + 1))),
    fc.constantFrom('', '[DONE]', 'null', '{', 'not json'),
  );
  return fc.record({ event: fc.oneof(fc.constant(event.event), names), data });
}

describe('stream decoders read damaged streams or fail with a GatewayError', () => {
  it('SSE decoder: garbage, invalid UTF-8 and cut streams still give events with string data', () => {
    fc.assert(
      fc.property(damagedBytes(sseStreams), cuts, ({ bytes }, offsets) => {
        for (const event of frames('sse', split(bytes, offsets))) expect(typeof event.data).toBe('string');
      }),
      fuzzParameters(300),
    );
  });

  it('AWS event-stream decoder: damaged frames are refused with upstream_bad_response', () => {
    fc.assert(
      fc.property(damagedBytes(eventStreams), cuts, ({ bytes }, offsets) => {
        try {
          frames('aws-event-stream', split(bytes, offsets));
        } catch (error) {
          expect(error).toBeInstanceOf(GatewayError);
          if (error instanceof GatewayError) expect(error.code).toBe('upstream_bad_response');
        }
      }),
      fuzzParameters(300),
    );
  });

  it('provider stream decoders: damaged bytes give events or a GatewayError', () => {
    fc.assert(
      fc.property(damagedBytes(streams), ({ stream, bytes }) => {
        readsOrFailsCleanly(() => canonical(stream, frames(stream.framing, [bytes])));
      }),
      fuzzParameters(300),
    );
  });

  it(
    'provider stream decoders: events with mutated data, wrong names, deep nesting give events or a GatewayError',
    () => {
      const cases = fc.tuple(streamIndex(streams), fc.nat()).chain(([index, at]) => {
        const stream = pick(streams, index);
        const events = frames(stream.framing, [stream.bytes]);
        const position = at % events.length;
        const target = events[position];
        if (target === undefined) throw new Error('a recorded stream has events');
        return mutatedEvent(target).map((changed) => ({
          stream,
          events: events.map((event, i) => (i === position ? changed : event)),
        }));
      });
      fc.assert(
        fc.property(cases, ({ stream, events }) => {
          readsOrFailsCleanly(() => canonical(stream, events));
        }),
        fuzzParameters(500),
      );
    },
    fuzzTimeoutMs,
  );
});
