import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, type AdminClient } from '../support/admin-client.js';
import { FakeRestStreams, type EchoedRequest } from '../support/fake-rest-streams.js';
import { sendRawBytes, type RawResponse } from '../support/raw-http-request.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';

/**
 * Hostile requests against the data plane, written byte for byte on a raw socket: what node's
 * parser refuses before any Portico code runs (header injection, oversize heads, request
 * smuggling) is proven here at the socket level, since a client library would refuse to send it.
 */
describe('hostile requests are refused at the socket level', () => {
  let gateway: TestGateway;
  let port: number;

  beforeAll(async () => {
    gateway = await startGateway('server:\n  direct_model_access: false\n');
    port = Number(new URL(gateway.url).port);
  });
  afterAll(async () => {
    await gateway.close();
  });

  async function answer(bytes: string): Promise<RawResponse> {
    const response = await sendRawBytes(port, bytes);
    if (response === 'closed') throw new Error('the gateway closed the connection without answering');
    return response;
  }

  const head = (lines: string[]): string =>
    ['GET /healthz HTTP/1.1', 'host: 127.0.0.1', ...lines, '', ''].join('\r\n');
  const post = (lines: string[], body: string): string =>
    ['POST /v1/chat/completions HTTP/1.1', 'host: 127.0.0.1', ...lines, '', body].join('\r\n');

  it('answers a well-formed request (the baseline the refusals differ from)', async () => {
    expect((await answer(head([]))).status).toBe(200);
  });

  it.each([
    ['a bare CR inside a value', 'x-a: one\rx-injected: 1'],
    ['a bare LF inside a value', 'x-a: one\nx-injected: 1'],
    ['a NUL inside a value', 'x-a: one\u0000two'],
    ['an obsolete folded line', 'x-a: one\r\n two'],
    ['a space before the colon', 'x-a : one'],
  ])('refuses %s with 400', async (_label, line) => {
    expect((await answer(head([line]))).status).toBe(400);
  });

  it('refuses a head larger than 16 KB with 431', async () => {
    expect((await answer(head([`x-big: ${'a'.repeat(20_000)}`]))).status).toBe(431);
    const many = Array.from({ length: 400 }, (_, index) => `x-h${index}: ${'b'.repeat(40)}`);
    expect((await answer(head(many))).status).toBe(431);
  });

  it.each([
    [
      'Content-Length with Transfer-Encoding',
      ['content-length: 5', 'transfer-encoding: chunked'],
      '0\r\n\r\n',
    ],
    [
      'Transfer-Encoding with Content-Length',
      ['transfer-encoding: chunked', 'content-length: 5'],
      '0\r\n\r\n',
    ],
    ['two different Content-Lengths', ['content-length: 5', 'content-length: 6'], 'hello!'],
    ['two equal Content-Lengths', ['content-length: 5', 'content-length: 5'], 'hello'],
    ['a Content-Length list', ['content-length: 5, 5'], 'hello'],
    ['a signed Content-Length', ['content-length: +5'], 'hello'],
    ['a negative Content-Length', ['content-length: -1'], ''],
    ['chunked, identity', ['transfer-encoding: chunked, identity'], '0\r\n\r\n'],
    ['identity alone', ['transfer-encoding: identity'], ''],
    ['Transfer-Encoding twice', ['transfer-encoding: chunked', 'transfer-encoding: chunked'], '0\r\n\r\n'],
    ['an unknown coding', ['transfer-encoding: xchunked'], '0\r\n\r\n'],
    ['a space before the colon of Transfer-Encoding', ['transfer-encoding : chunked'], '0\r\n\r\n'],
    ['chunk sizes ended by a bare LF', ['transfer-encoding: chunked'], '5\nhello\n0\n\n'],
  ])('refuses a request with %s with 400 (smuggling)', async (_label, lines, body) => {
    expect((await answer(post(lines, body))).status).toBe(400);
  });

  it('keeps serving after all of it', async () => {
    expect((await answer(head([]))).status).toBe(200);
  });
});

/**
 * The same hostile bytes sent to a published REST service whose upstream echoes what reached it:
 * nothing escapes the base path, smuggled or oversize requests never reach the upstream, and
 * header transforms that would inject a line are refused when the service is saved.
 */
describe('hostile requests to a REST service', () => {
  let gateway: TestGateway;
  let fake: FakeRestStreams;
  let admin: AdminClient;
  let port: number;

  beforeAll(async () => {
    fake = await FakeRestStreams.start();
    gateway = await startGateway('server:\n  direct_model_access: false\n', {}, { controlPlane: true });
    port = Number(new URL(gateway.url).port);
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    admin = adminClient(
      adminUrl,
      { cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '' },
      undefined,
    );
    const created = await admin.post('/api/admin/services', {
      name: 'shop',
      lifecycle: 'published',
      visibility: 'shared',
      spec: {
        base_path: '/shop',
        routes: [{ path: '/*' }],
        upstream: { nodes: [{ url: `${fake.url}/echo` }] },
        auth: { modes: ['anonymous'] },
        max_body_bytes: 1024,
      },
    });
    expect(created.status).toBe(201);
    // The data plane picks the new service up on its next reload.
    for (let round = 0; round < 200 && (await rawGet('/shop/ready')).status !== 200; round += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
  });
  afterAll(async () => {
    await gateway.close();
    await fake.close();
  });

  async function raw(bytes: string): Promise<RawResponse> {
    const response = await sendRawBytes(port, bytes);
    if (response === 'closed') throw new Error('the gateway closed the connection without answering');
    return response;
  }
  const rawGet = (target: string, lines: string[] = []): Promise<RawResponse> =>
    raw([`GET ${target} HTTP/1.1`, 'host: 127.0.0.1', ...lines, '', ''].join('\r\n'));

  /** What reached the upstream for the last answered request, if anything did. */
  function arrivedSince(before: number): EchoedRequest[] {
    return fake.requests.slice(before);
  }

  it.each([
    '/shop/../admin',
    '/shop/a/../../admin',
    '/shop/./a',
    '/shop/%2e%2e/admin',
    '/shop/%2E%2e/admin',
    '/shop/.%2e/admin',
    '/shop/..%2fadmin',
    '/shop/a%2f..%2f..%2fadmin',
    '/shop/..%5cadmin',
    '/shop/..\\admin',
    '/shop/a\\..\\..\\admin',
    '/shop/%252e%252e/admin',
    '/shop/a%00b',
    '/shop//admin',
    '/shop/a//..//admin',
    '//shop/../admin',
    '/shop/a%2fb',
    '/shop/a%5cb',
    '/shop/%zz',
  ])('never lets %s escape the base path', async (target) => {
    const before = fake.requests.length;
    const answer = await rawGet(target);
    const arrived = arrivedSince(before);
    if (answer.status === 200) {
      // Only a harmless reading may pass: below the node's prefix, with no dot segment left.
      expect(arrived).toHaveLength(1);
      expect(arrived[0]?.path.startsWith('/echo/')).toBe(true);
      expect(decodeURIComponent(arrived[0]?.path ?? '').split(/[/\\]/)).not.toContain('..');
    } else {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(arrived).toHaveLength(0);
      expect(answer.headers['x-request-id']).toBeDefined();
    }
  });

  it('keeps the percent-encoding the client sent, below the node prefix', async () => {
    const before = fake.requests.length;
    expect((await rawGet('/shop/a/b%20c%C3%A9?q=%2F&r=a+b')).status).toBe(200);
    expect(arrivedSince(before)[0]).toMatchObject({ path: '/echo/a/b%20c%C3%A9', query: 'q=%2F&r=a+b' });
  });

  it('drops hop-by-hop headers and those named in Connection, and forwards the client', async () => {
    const before = fake.requests.length;
    const answer = await rawGet('/shop/who', [
      'connection: keep-alive, x-hop-secret',
      'x-hop-secret: 1',
      'keep-alive: timeout=5',
      'proxy-authorization: Basic eDp5',
      'x-forwarded-for: 198.51.100.7',
    ]);
    expect(answer.status).toBe(200);
    const headers = arrivedSince(before)[0]?.headers ?? {};
    expect(headers['x-hop-secret']).toBeUndefined();
    expect(headers['keep-alive']).toBeUndefined();
    expect(headers['proxy-authorization']).toBeUndefined();
    expect(headers['x-forwarded-for']).toBe('198.51.100.7, 127.0.0.1');
    expect(headers['x-request-id']).toBe(answer.headers['x-request-id']);
    expect(headers['forwarded']).toMatch(
      /for=127\.0\.0\.1;host="127\.0\.0\.1(:\d+)?";proto=http|for=127\.0\.0\.1;host=127\.0\.0\.1;proto=http/,
    );
  });

  it.each([
    [
      'Content-Length with Transfer-Encoding',
      ['content-length: 5', 'transfer-encoding: chunked'],
      '0\r\n\r\n',
    ],
    ['two Content-Lengths', ['content-length: 5', 'content-length: 6'], 'hello!'],
    ['chunked, identity', ['transfer-encoding: chunked, identity'], '0\r\n\r\n'],
    ['gzip, chunked', ['transfer-encoding: gzip, chunked'], '0\r\n\r\n'],
  ])('refuses a body framed with %s before the upstream', async (_label, lines, body) => {
    const before = fake.requests.length;
    const answer = await raw(
      ['POST /shop/upload HTTP/1.1', 'host: 127.0.0.1', ...lines, '', body].join('\r\n'),
    );
    expect(answer.status).toBe(400);
    expect(arrivedSince(before)).toHaveLength(0);
  });

  it('answers 413 to a body over max_body_bytes, declared or streamed', async () => {
    const declared = await raw(
      ['POST /shop/upload HTTP/1.1', 'host: 127.0.0.1', 'content-length: 2048', '', 'x'.repeat(2048)].join(
        '\r\n',
      ),
    );
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ error: { code: 'body_too_large' } });
    const chunk = 'y'.repeat(800);
    const chunked = await raw(
      [
        'POST /shop/upload HTTP/1.1',
        'host: 127.0.0.1',
        'transfer-encoding: chunked',
        '',
        `${chunk.length.toString(16)}\r\n${chunk}\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
      ].join('\r\n'),
    );
    expect(chunked.status).toBe(413);
  });

  it('answers 431 to an oversize head on a service path', async () => {
    expect((await rawGet('/shop/a', [`x-big: ${'a'.repeat(20_000)}`])).status).toBe(431);
  });

  it('refuses header transforms carrying CR/LF when the service is saved', async () => {
    for (const value of ['a\r\nx-injected: 1', 'a\nb', 'a\u0000b']) {
      const refused = await admin.post('/api/admin/services', {
        name: 'injected',
        spec: {
          base_path: '/injected',
          routes: [{ path: '/*' }],
          upstream: { nodes: [{ url: fake.url }] },
          transforms: { request_headers: { set: { 'x-a': value } } },
        },
      });
      expect(refused.status).toBe(400);
    }
    const badName = await admin.post('/api/admin/services', {
      name: 'injected',
      spec: {
        base_path: '/injected',
        routes: [{ path: '/*' }],
        upstream: { nodes: [{ url: fake.url }] },
        transforms: { response_headers: { add: { 'x-a\r\nx-b': '1' } } },
      },
    });
    expect(badName.status).toBe(400);
  });
});
