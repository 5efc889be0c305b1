import { Readable } from 'node:stream';
import { json, text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpUpstreamSpec } from '../../../../src/config/http-service-schema.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { UpstreamSet, type UpstreamCall } from '../../../../src/rest/upstream/upstream-set.js';
import { FakeRestNode } from '../../../support/fake-rest-node.js';

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

function call(overrides: Partial<UpstreamCall> = {}): UpstreamCall {
  return {
    method: 'GET',
    pathAndQuery: '/items?page=2',
    headers: {},
    body: null,
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('UpstreamSet sending', () => {
  it("prepends the node's path prefix, sets Host to the node and passes headers on", async () => {
    const a = await node('a');
    const set = upstreamSet({ nodes: [{ url: `${a.url}/api/v1/` }] });
    const reply = await set.send(call({ headers: { 'x-request-id': 'req-1' } }));
    expect(reply.statusCode).toBe(200);
    expect(await json(reply.body)).toMatchObject({ node: 'a', url: '/api/v1/items?page=2' });
    expect(reply.attempts).toHaveLength(1);
    expect(reply.attempts[0]).toMatchObject({ node: `${a.url}/api/v1/`, status: 200 });
    const received = a.calls[0];
    expect(received?.headers.host).toBe(new URL(a.url).host);
    expect(received?.headers['x-request-id']).toBe('req-1');
  });

  it('keeps a Host the caller passes (preserve host)', async () => {
    const a = await node('a');
    const set = upstreamSet({ nodes: [{ url: a.url }] });
    await text((await set.send(call({ headers: { host: 'public.example' } }))).body);
    expect(a.calls[0]?.headers.host).toBe('public.example');
  });

  it('streams a request body of unknown length and a response body', async () => {
    const a = await node('a');
    const set = upstreamSet({ nodes: [{ url: a.url }] });
    const chunks = Array.from({ length: 64 }, () => Buffer.alloc(16 * 1024, 7));
    const reply = await set.send(call({ method: 'PUT', body: Readable.from(chunks) }));
    expect(await json(reply.body)).toMatchObject({ method: 'PUT', bodyBytes: 64 * 16 * 1024 });
  });

  it('reports node status, in-flight counts included, until the body is read', async () => {
    const a = await node('a');
    const set = upstreamSet({ nodes: [{ url: a.url, weight: 4 }] });
    const reply = await set.send(call());
    expect(set.status()).toEqual([{ url: a.url, weight: 4, healthy: true, active: 1 }]);
    await text(reply.body);
    await expect.poll(() => set.status()[0]?.active).toBe(0);
  });

  it('sends one hash key to one node (consistent-hash)', async () => {
    const nodes = await Promise.all(['a', 'b', 'c'].map((id) => node(id)));
    const set = upstreamSet({ nodes: nodes.map(({ url }) => ({ url })), balance: 'consistent-hash' });
    const served = new Set<unknown>();
    for (let index = 0; index < 6; index += 1) {
      const body = (await json((await set.send(call({ hashKey: 'user-42' }))).body)) as { node: string };
      served.add(body.node);
    }
    expect(served.size).toBe(1);
  });

  it('sends calls to the idle node while another is busy (least-connections)', async () => {
    const busy = await node('busy');
    const idle = await node('idle');
    busy.delayMs = 5_000;
    const set = upstreamSet({ nodes: [{ url: busy.url }, { url: idle.url }], balance: 'least-connections' });
    const client = new AbortController();
    const held = set.send(call({ signal: client.signal })).catch((error: unknown) => error);
    await expect.poll(() => busy.calls.length).toBe(1);
    for (let index = 0; index < 5; index += 1) {
      expect(await json((await set.send(call())).body)).toMatchObject({ node: 'idle' });
    }
    client.abort();
    await held;
  });

  it('splits calls 1:3 between weighted nodes', async () => {
    const light = await node('light');
    const heavy = await node('heavy');
    const set = upstreamSet({
      nodes: [
        { url: light.url, weight: 1 },
        { url: heavy.url, weight: 3 },
      ],
      balance: 'weighted',
    });
    for (let index = 0; index < 40; index += 1) await text((await set.send(call())).body);
    expect([light.calls.length, heavy.calls.length]).toEqual([10, 30]);
  });

  it('picks nodes for WebSocket upgrades and counts them in flight until done', async () => {
    const a = await node('a');
    const set = upstreamSet({ nodes: [{ url: a.url }], health_check: { passive: { failures: 1 } } });
    const picked = set.pick();
    expect(picked.url).toBe(a.url);
    expect(set.status()[0]?.active).toBe(1);
    picked.done('failed');
    picked.done('failed');
    expect(set.status()[0]).toMatchObject({ active: 0, healthy: false });
    expect(() => set.pick()).toThrow(GatewayError);
  });

  it('answers client_closed when the client leaves while the node thinks', async () => {
    const a = await node('a');
    a.delayMs = 5_000;
    const set = upstreamSet({ nodes: [{ url: a.url }] });
    const client = new AbortController();
    const sending = set.send(call({ signal: client.signal }));
    await expect.poll(() => a.calls.length).toBe(1);
    client.abort();
    await expect(sending).rejects.toMatchObject({ code: 'client_closed' });
  });

  it('refuses a node URL that is not an origin and a path', () => {
    expect(
      () => new UpstreamSet({ nodes: [{ url: 'http://a.example/x?y=1' }] }, { serviceName: 'x' }),
    ).toThrow(/may hold an origin and a path only/);
  });
});
