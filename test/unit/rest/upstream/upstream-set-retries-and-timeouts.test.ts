import { Readable } from 'node:stream';
import { json, text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpUpstreamSpec } from '../../../../src/config/http-service-schema.js';
import { UpstreamSet, type UpstreamCall } from '../../../../src/rest/upstream/upstream-set.js';
import { FakeRestNode, refusedUrl, startSilentTcpServer } from '../../../support/fake-rest-node.js';
import { testCertificate } from '../../../support/test-certificate.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function node(id: string): Promise<FakeRestNode> {
  const started = await FakeRestNode.start({ id });
  cleanups.push(() => started.close());
  return started;
}

function upstreamSet(spec: HttpUpstreamSpec): UpstreamSet {
  const set = new UpstreamSet(spec, { serviceName: 'orders' });
  cleanups.push(() => set.close());
  return set;
}

function call(method: string, body: Readable | null = null): UpstreamCall {
  return { method, pathAndQuery: '/orders', headers: {}, body, signal: new AbortController().signal };
}

const payload = (): Readable => Readable.from([Buffer.from('{"item":'), Buffer.from('"tea"}')]);

describe('retries', () => {
  it('does not retry a POST with a body that got a 500 (or a 503)', async () => {
    const failing = await node('failing');
    const healthy = await node('healthy');
    failing.mode = 'failing';
    const set = upstreamSet({
      nodes: [{ url: failing.url }, { url: healthy.url }],
      retries: { attempts: 3 },
    });
    const reply = await set.send(call('POST', payload()));
    expect(reply.statusCode).toBe(500);
    expect(reply.attempts).toHaveLength(1);
    await text(reply.body);
    failing.failStatus = 503;
    const second = await set.send(call('POST', payload())); // round-robin: healthy, then failing
    await text(second.body);
    const third = await set.send(call('POST', payload()));
    expect(third.statusCode).toBe(503);
    expect(third.attempts).toHaveLength(1);
    await text(third.body);
    expect(failing.calls).toHaveLength(2);
  });

  it('retries a GET that got a 503 or a reset on another node', async () => {
    const failing = await node('failing');
    const healthy = await node('healthy');
    failing.mode = 'failing';
    failing.failStatus = 503;
    const set = upstreamSet({ nodes: [{ url: failing.url }, { url: healthy.url }] });
    const reply = await set.send(call('GET'));
    expect(reply.statusCode).toBe(200);
    expect(reply.attempts.map((attempt) => [attempt.node, attempt.status])).toEqual([
      [failing.url, 503],
      [healthy.url, 200],
    ]);
    expect(await json(reply.body)).toMatchObject({ node: 'healthy' });
    failing.mode = 'reset';
    await text((await set.send(call('GET'))).body); // healthy's turn
    const afterReset = await set.send(call('DELETE'));
    expect(afterReset.statusCode).toBe(200);
    expect(afterReset.attempts[0]?.error).toMatch(/^reset/);
    await text(afterReset.body);
  });

  it('does not retry a PUT whose body the node already read, even after a 503', async () => {
    const failing = await node('failing');
    const healthy = await node('healthy');
    failing.mode = 'failing';
    failing.failStatus = 503;
    const set = upstreamSet({ nodes: [{ url: failing.url }, { url: healthy.url }] });
    const reply = await set.send(call('PUT', payload()));
    expect(reply.statusCode).toBe(503);
    expect(reply.attempts).toHaveLength(1);
    expect(failing.calls[0]?.bodyBytes).toBe(14);
    expect(healthy.calls).toHaveLength(0);
    await text(reply.body);
  });

  it('retries a POST whose node refused the connection, body intact, on another node', async () => {
    const refused = await refusedUrl();
    const healthy = await node('healthy');
    const set = upstreamSet({ nodes: [{ url: refused }, { url: healthy.url }] });
    const reply = await set.send(call('POST', payload()));
    expect(reply.statusCode).toBe(200);
    expect(await json(reply.body)).toMatchObject({ node: 'healthy', bodyBytes: 14 });
    expect(reply.attempts[0]).toMatchObject({ node: refused, error: 'refused (ECONNREFUSED)' });
    expect(reply.attempts).toHaveLength(2);
  });

  it('does not retry a POST the node reset (it may have been received): 502 bad_gateway', async () => {
    const resetting = await node('resetting');
    const healthy = await node('healthy');
    resetting.mode = 'reset';
    const set = upstreamSet({ nodes: [{ url: resetting.url }, { url: healthy.url }] });
    await expect(set.send(call('POST', payload()))).rejects.toMatchObject({
      code: 'bad_gateway',
      status: 502,
    });
    expect(healthy.calls).toHaveLength(0);
  });

  it('answers 503 upstream_unavailable when every node refuses, after the configured retries', async () => {
    const set = upstreamSet({
      nodes: [{ url: await refusedUrl() }, { url: await refusedUrl() }],
      retries: { attempts: 2, backoff_ms: 5 },
    });
    const error: unknown = await set.send(call('GET')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'upstream_unavailable', status: 503 });
    expect((error as Error).message).not.toMatch(/127\.0\.0\.1/);
  });

  it('stops retrying when total_ms runs out during the backoff (504, not 503)', async () => {
    const set = upstreamSet({
      nodes: [{ url: await refusedUrl() }],
      retries: { attempts: 5, backoff_ms: 10_000 },
      timeouts: { total_ms: 200 },
    });
    await expect(set.send(call('GET'))).rejects.toMatchObject({ code: 'upstream_timeout' });
  });

  it('does not retry at all with attempts: 0', async () => {
    const failing = await node('failing');
    const healthy = await node('healthy');
    failing.mode = 'failing';
    failing.failStatus = 502;
    const set = upstreamSet({
      nodes: [{ url: failing.url }, { url: healthy.url }],
      retries: { attempts: 0 },
    });
    const reply = await set.send(call('GET'));
    expect(reply.statusCode).toBe(502);
    await text(reply.body);
  });
});

describe('timeouts give 504 upstream_timeout', () => {
  it('connect: a node that never completes the handshake', async () => {
    const silent = await startSilentTcpServer();
    cleanups.push(() => silent.close());
    const set = upstreamSet({
      nodes: [{ url: silent.url }],
      timeouts: { connect_ms: 150 },
      retries: { attempts: 0 },
    });
    await expect(set.send(call('POST', payload()))).rejects.toMatchObject({
      code: 'upstream_timeout',
      status: 504,
      message: expect.stringContaining('connection within 150 ms') as unknown,
    });
  });

  it('connect timeout before any body byte: a POST goes to another node', async () => {
    const silent = await startSilentTcpServer();
    cleanups.push(() => silent.close());
    const healthy = await FakeRestNode.start({ id: 'healthy', tls: testCertificate });
    cleanups.push(() => healthy.close());
    const set = upstreamSet({
      nodes: [{ url: silent.url }, { url: healthy.url }],
      timeouts: { connect_ms: 150 },
      tls: { ca: testCertificate.cert },
    });
    const reply = await set.send(call('POST', payload()));
    expect(await json(reply.body)).toMatchObject({ node: 'healthy', bodyBytes: 14 });
    expect(reply.attempts[0]?.error).toMatch(/^connect_timeout/);
  });

  it('first byte: a slow node, and a GET retried on a fast one', async () => {
    const slow = await node('slow');
    slow.delayMs = 3_000;
    const set = upstreamSet({ nodes: [{ url: slow.url }], timeouts: { first_byte_ms: 150 } });
    await expect(set.send(call('POST', payload()))).rejects.toMatchObject({
      code: 'upstream_timeout',
      message: expect.stringContaining('start answering within 150 ms') as unknown,
    });
    const fast = await node('fast');
    const both = upstreamSet({
      nodes: [{ url: slow.url }, { url: fast.url }],
      timeouts: { first_byte_ms: 150 },
    });
    const reply = await both.send(call('GET'));
    expect(await json(reply.body)).toMatchObject({ node: 'fast' });
    expect(reply.attempts[0]?.error).toMatch(/^first_byte_timeout/);
  });

  it('first byte: a slow upload does not count against it', async () => {
    const a = await node('a');
    const set = upstreamSet({ nodes: [{ url: a.url }], timeouts: { first_byte_ms: 300 } });
    // A client trickling its body: five chunks 120 ms apart (600 ms in all).
    async function* trickle(): AsyncGenerator<Buffer> {
      for (let index = 0; index < 5; index += 1) {
        await new Promise((resolve) => setTimeout(resolve, 120));
        yield Buffer.from('chunk');
      }
    }
    const reply = await set.send(call('POST', Readable.from(trickle())));
    expect(await json(reply.body)).toMatchObject({ bodyBytes: 25 });
  });

  it('total: before the head, and while the body streams', async () => {
    const slow = await node('slow');
    slow.delayMs = 3_000;
    const set = upstreamSet({ nodes: [{ url: slow.url }], timeouts: { total_ms: 200 } });
    await expect(set.send(call('GET'))).rejects.toMatchObject({ code: 'upstream_timeout' });
    const dripping = await node('dripping');
    dripping.mode = 'drip';
    const streaming = upstreamSet({ nodes: [{ url: dripping.url }], timeouts: { total_ms: 300 } });
    const reply = await streaming.send(call('GET'));
    expect(reply.statusCode).toBe(200);
    await expect(text(reply.body)).rejects.toMatchObject({
      code: 'upstream_timeout',
      message: expect.stringContaining('finish within 300 ms') as unknown,
    });
  });
});
