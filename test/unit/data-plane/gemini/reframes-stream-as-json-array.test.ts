import { describe, expect, it } from 'vitest';
import { JsonArrayReply, streamFraming } from '../../../../src/data-plane/gemini/json-array-reply.js';
import type { ReplyWriter } from '../../../../src/pipeline/context/reply-writer.js';
import { RecordingReply } from '../../pipeline/pipeline-fixtures.js';

describe('the JSON-array stream framing (no alt=sse)', () => {
  it('re-frames each event as it is written and closes the array', () => {
    const inner = new RecordingReply();
    const reply = new JsonArrayReply(inner);
    reply.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'x-portico-route': 'r' });
    reply.write('data: {"a":1}\n\n');
    reply.write('data: {"b":2}\n\ndata: {"c":3}\n\n');
    reply.end();
    expect(inner.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'x-portico-route': 'r',
    });
    expect(inner.writes).toEqual(['[{"a":1}', ',\r\n{"b":2},\r\n{"c":3}', ']']);
    expect(JSON.parse(inner.body)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('ends with the error element when the stream fails after the first byte', () => {
    const inner = new RecordingReply();
    const reply = new JsonArrayReply(inner);
    reply.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.write('data: {"a":1}\n\n');
    reply.end('data: {"error":{"code":502}}\n\n');
    expect(JSON.parse(inner.body)).toEqual([{ a: 1 }, { error: { code: 502 } }]);
  });

  it('leaves an error written before the stream began untouched', () => {
    const inner = new RecordingReply();
    const reply = new JsonArrayReply(inner);
    reply.writeHead(404, { 'content-type': 'application/json' });
    reply.end('{"error":{"code":404}}');
    expect(inner.body).toBe('{"error":{"code":404}}');
  });

  it('is chosen unless the query asks for alt=sse', () => {
    const framed = (query: string): ReplyWriter => streamFraming(new RecordingReply(), query);
    expect(framed('alt=sse')).toBeInstanceOf(RecordingReply);
    expect(framed('key=k&alt=sse')).toBeInstanceOf(RecordingReply);
    expect(framed('')).toBeInstanceOf(JsonArrayReply);
    expect(framed('alt=json')).toBeInstanceOf(JsonArrayReply);
  });
});
