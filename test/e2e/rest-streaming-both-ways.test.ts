import { Readable } from 'node:stream';
import { request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../support/admin-client.js';
import { FakeRestStreams } from '../support/fake-rest-streams.js';
import { publishRestService } from '../support/publish-rest-service.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

/**
 * Bodies stream through the REST proxy both ways, never held whole: an upload reaches the
 * upstream while the client is still sending, a download reaches the client with bounded memory,
 * SSE events arrive as they are sent, and a body past the service's limit is refused with 413.
 */
describe('REST streaming both ways', () => {
  let upstream: FakeRestStreams;
  let gateway: TestGateway;
  let base: string;

  beforeAll(async () => {
    upstream = await FakeRestStreams.start();
    gateway = await startGateway('providers: []\n', {}, { controlPlane: true });
    base = `http://127.0.0.1:${String(gateway.port)}`;
    await publishRestService(gateway.store, 'files', {
      base_path: '/files',
      upstream: { nodes: [{ url: upstream.url }] },
      auth: { modes: ['anonymous'] },
      routes: [{ path: '/*' }],
    });
    await publishRestService(gateway.store, 'small', {
      base_path: '/small',
      upstream: { nodes: [{ url: upstream.url }] },
      auth: { modes: ['anonymous'] },
      routes: [{ path: '/*' }],
      max_body_bytes: 1_000,
    });
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    const admin = adminClient(
      adminUrl,
      { cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '' },
      undefined,
    );
    expect((await admin.post('/api/admin/tenants', { name: 'reload' })).status).toBe(201);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  /** 20 MB in 64 KB chunks, noting when the last one was handed over. */
  function upload(total: number, sent: { lastChunkAt: number }): Readable {
    const chunk = Buffer.alloc(64 * 1024, 'u');
    let left = total;
    return new Readable({
      read() {
        if (left <= 0) {
          sent.lastChunkAt = performance.now();
          this.push(null);
          return;
        }
        const size = Math.min(left, chunk.length);
        left -= size;
        this.push(size === chunk.length ? chunk : chunk.subarray(0, size));
      },
    });
  }

  it('streams a 20 MB chunked upload: the upstream has bytes before the client finished', async () => {
    const total = 20 * 1024 * 1024;
    const sent = { lastChunkAt: 0 };
    const answer = await undiciRequest(`${base}/files/upload`, { method: 'PUT', body: upload(total, sent) });
    const body = (await answer.body.json()) as { bytes: number };
    expect(answer.statusCode).toBe(200);
    expect(body.bytes).toBe(total);
    const record = upstream.uploads.at(-1);
    expect(record?.firstChunkAt).toBeDefined();
    expect(record?.firstChunkAt ?? Infinity).toBeLessThan(sent.lastChunkAt);
  });

  it('streams a 100 MB download with bounded memory', async () => {
    const total = 100 * 1024 * 1024;
    const before = process.memoryUsage().rss;
    let peak = before;
    const answer = await undiciRequest(`${base}/files/download/${String(total)}`);
    expect(answer.statusCode).toBe(200);
    let received = 0;
    for await (const chunk of answer.body) {
      received += (chunk as Buffer).length;
      if (received % (8 * 1024 * 1024) < 65_536) peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(received).toBe(total);
    // Holding the body would take 100 MB; the pipes hold a few high-water marks.
    expect(peak - before).toBeLessThan(60 * 1024 * 1024);
  });

  it('relays SSE events as they are sent', async () => {
    const answer = await undiciRequest(`${base}/files/sse?count=4&interval_ms=150`);
    expect(answer.headers['content-type']).toBe('text/event-stream');
    const arrivals: number[] = [];
    let text = '';
    for await (const chunk of answer.body) {
      arrivals.push(performance.now());
      text += (chunk as Buffer).toString('utf8');
    }
    expect(text.match(/^data: /gm)?.length).toBe(4);
    expect(arrivals.length).toBeGreaterThanOrEqual(3);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThan(300);
  });

  it("refuses bodies past the service's limit with 413, declared or streamed", async () => {
    const declared = await fetch(`${base}/small/upload`, { method: 'POST', body: 'x'.repeat(5_000) });
    expect(declared.status, await declared.clone().text()).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: 'body_too_large' } });
    const streamed = await undiciRequest(`${base}/small/upload`, {
      method: 'POST',
      body: upload(200_000, { lastChunkAt: 0 }),
    });
    expect(streamed.statusCode).toBe(413);
    expect(await streamed.body.json()).toMatchObject({ error: { code: 'body_too_large' } });
    expect((await fetch(`${base}/small/upload`, { method: 'POST', body: 'ok' })).status).toBe(200);
  });
});
