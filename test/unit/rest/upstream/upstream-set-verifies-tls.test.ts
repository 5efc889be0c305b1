import { json } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpUpstreamSpec } from '../../../../src/config/http-service-schema.js';
import { UpstreamSet, type UpstreamCall } from '../../../../src/rest/upstream/upstream-set.js';
import { FakeRestNode } from '../../../support/fake-rest-node.js';
import { testCertificate } from '../../../support/test-certificate.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function httpsNode(): Promise<FakeRestNode> {
  const node = await FakeRestNode.start({ id: 'secure', tls: testCertificate });
  cleanups.push(() => node.close());
  return node;
}

function upstreamSet(spec: HttpUpstreamSpec): UpstreamSet {
  const set = new UpstreamSet(spec, { serviceName: 'vault' });
  cleanups.push(() => set.close());
  return set;
}

const call = (): UpstreamCall => ({
  method: 'GET',
  pathAndQuery: '/secrets',
  headers: {},
  body: null,
  signal: new AbortController().signal,
});

describe('TLS to upstream nodes', () => {
  it('refuses a self-signed node by default (502 bad_gateway naming the TLS failure)', async () => {
    const node = await httpsNode();
    const set = upstreamSet({ nodes: [{ url: node.url }] });
    const error: unknown = await set.send(call()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'bad_gateway', status: 502 });
    expect((error as Error).message).toMatch(/TLS handshake \(.*SELF_SIGNED.*\)/);
    expect(node.calls).toHaveLength(0);
  });

  it('trusts the node with its CA (besides the system roots)', async () => {
    const node = await httpsNode();
    const set = upstreamSet({ nodes: [{ url: node.url }], tls: { ca: testCertificate.cert } });
    expect(await json((await set.send(call())).body)).toMatchObject({ node: 'secure' });
  });

  it('checks the name given by server_name', async () => {
    const node = await httpsNode();
    const right = upstreamSet({
      nodes: [{ url: node.url }],
      tls: { ca: testCertificate.cert, server_name: 'localhost' },
    });
    expect((await right.send(call())).statusCode).toBe(200);
    const wrong = upstreamSet({
      nodes: [{ url: node.url }],
      tls: { ca: testCertificate.cert, server_name: 'other.example' },
    });
    await expect(wrong.send(call())).rejects.toMatchObject({ code: 'bad_gateway' });
  });

  it('accepts any certificate with verify: false', async () => {
    const node = await httpsNode();
    const set = upstreamSet({ nodes: [{ url: node.url }], tls: { verify: false } });
    expect((await set.send(call())).statusCode).toBe(200);
  });
});
