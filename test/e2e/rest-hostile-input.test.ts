import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRawBytes, type RawResponse } from '../support/raw-http-request.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

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
