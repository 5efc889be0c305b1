import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { FakeRestStreams } from '../../support/fake-rest-streams.js';

/** The streaming fake other REST tests rely on: it must stream, not build bodies in memory. */
describe('FakeRestStreams', () => {
  let fake: FakeRestStreams;
  beforeAll(async () => {
    fake = await FakeRestStreams.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  // 256 MB: a fake that built the body would grow by all of it; a streaming one grows only by the
  // garbage its chunks leave until the next collection (64 MB seen for 100 MB under CI load).
  it('streams a 256 MB download without holding it', async () => {
    const before = process.memoryUsage().rss;
    const size = 256 * 1024 * 1024;
    const answer = await request(`${fake.url}/download/${size}`);
    expect(answer.headers['content-length']).toBe(String(size));
    let bytes = 0;
    for await (const chunk of answer.body) bytes += (chunk as Buffer).length;
    expect(bytes).toBe(size);
    expect(process.memoryUsage().rss - before).toBeLessThan(size / 2);
    const chunked = await request(`${fake.url}/download/1000?chunked=1`);
    expect(chunked.headers['content-length']).toBeUndefined();
    expect((await chunked.body.arrayBuffer()).byteLength).toBe(1000);
  });

  it('counts a streamed upload and notes when its first chunk arrived', async () => {
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent >= 8) return void this.push(null);
        sent += 1;
        this.push(Buffer.alloc(1024 * 1024, 'u'));
      },
    });
    const answer = await request(`${fake.url}/upload`, { method: 'PUT', body });
    expect(await answer.body.json()).toMatchObject({ bytes: 8 * 1024 * 1024 });
    const upload = fake.uploads.at(-1);
    expect(upload?.method).toBe('PUT');
    expect(upload?.firstChunkAt).toBeLessThanOrEqual(upload?.finishedAt ?? 0);
  });

  it('sends SSE events on a timer', async () => {
    const answer = await request(`${fake.url}/sse?count=3&interval_ms=5`);
    expect(answer.headers['content-type']).toBe('text/event-stream');
    const text = await answer.body.text();
    expect(text.match(/^data: /gm)).toHaveLength(3);
    expect(text).toContain('data: {"n":3}');
  });

  it('echoes what arrived, raw path and query included', async () => {
    const answer = await request(`${fake.url}/echo/a%2Fb/c%20d?x=1&y=%20`, {
      method: 'POST',
      headers: { 'x-test': 'yes' },
      body: 'abc',
    });
    expect(await answer.body.json()).toMatchObject({
      method: 'POST',
      path: '/echo/a%2Fb/c%20d',
      query: 'x=1&y=%20',
      headers: { 'x-test': 'yes' },
      bodyBytes: 3,
    });
  });
});
