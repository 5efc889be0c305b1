import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readBodyText } from '../../../src/pipeline/upstream/read-body-text.js';
import { UpstreamClient } from '../../../src/upstream/upstream-client.js';
import { catchGatewayRejection } from '../../support/catch-gateway-error.js';

const timeouts = { connectMs: 2_000, firstByteMs: 2_000, idleMs: 2_000, totalMs: 5_000 };
const megabyte = 1024 * 1024;

/** What the server saw of the last `/bulk` answer: bytes the socket took, and whether it finished. */
const bulk = { written: 0, finished: false, closedEarly: false };

function answer(request: IncomingMessage, response: ServerResponse): void {
  if (request.url === '/json') {
    response.writeHead(200, {
      'content-type': 'application/json',
      'x-seen': request.headers['x-test'] ?? '',
    });
    response.end('{"ok":true}');
    return;
  }
  if (request.url === '/trickle') {
    // One chunk every 100 ms, for ten seconds.
    response.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => response.write('x'), 100);
    response.once('close', () => clearInterval(timer));
    return;
  }
  if (request.url?.startsWith('/bulk') === true) {
    // 32 MB in 64 KB writes, each after the previous one drained: stalls while the client pauses.
    const total = Number(new URL(request.url, 'http://x').searchParams.get('mb')) * megabyte;
    const chunk = Buffer.alloc(64 * 1024, 'y');
    Object.assign(bulk, { written: 0, finished: false, closedEarly: false });
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.once('close', () => {
      if (!bulk.finished) bulk.closedEarly = true;
    });
    const pump = (): void => {
      while (bulk.written < total) {
        bulk.written += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
      bulk.finished = true;
      response.end();
    };
    pump();
    return;
  }
  response.writeHead(404).end();
}

describe('UpstreamClient', () => {
  let server: Server;
  let origin: string;
  const client = new UpstreamClient();

  beforeAll(async () => {
    server = createServer(answer);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (path: string, options: { totalMs?: number; signal?: AbortSignal } = {}) =>
    client.call(
      'test',
      { url: `${origin}${path}`, method: 'GET', headers: { 'x-test': 'yes' } },
      { ...timeouts, totalMs: options.totalMs ?? timeouts.totalMs },
      options.signal ?? new AbortController().signal,
    );

  it('answers status, headers and the whole body', async () => {
    const response = await get('/json');
    expect(response.status).toBe(200);
    expect(response.headers['x-seen']).toBe('yes');
    expect(await readBodyText(response, 1024, 'test')).toBe('{"ok":true}');
    response.finish();
  });

  it('fails a body read whole past its limit, and drops the connection', async () => {
    const response = await get('/bulk?mb=8');
    await expect(readBodyText(response, megabyte, 'test')).rejects.toThrow(/sent more than 1048576 bytes/);
    response.finish();
    await waitFor(() => bulk.closedEarly);
    expect(bulk.finished).toBe(false);
  });

  it('pauses the socket while a chunk-by-chunk reader falls behind, and loses nothing', async () => {
    const response = await get('/bulk?mb=64');
    await sleep(500);
    // Unread: the server stalls once our queue (64 KB) and the kernel's buffers are full.
    expect(bulk.written).toBeLessThan(32 * megabyte);
    let received = 0;
    for await (const chunk of response.body) received += chunk.length;
    response.finish();
    expect(received).toBe(64 * megabyte);
    expect(bulk.finished).toBe(true);
  });

  it('ends a call at its total timeout, also after the answer started', async () => {
    const response = await get('/trickle', { totalMs: 300 });
    const started = Date.now();
    const error = await catchGatewayRejection(readBodyText(response, megabyte, 'test'));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe('upstream_timeout');
    expect(response.timedOut()).toBe(true);
    response.finish();
  });

  it('rejects at once when the client leaves before the answer started', async () => {
    const controller = new AbortController();
    const pending = client.call(
      'test',
      { url: 'http://10.255.255.1:9/never', method: 'GET', headers: {} },
      { ...timeouts, connectMs: 10_000, firstByteMs: 10_000 },
      controller.signal,
    );
    const started = Date.now();
    controller.abort();
    await catchGatewayRejection(pending);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('maps a refused connection to upstream_unavailable', async () => {
    const error = await catchGatewayRejection(
      client.call(
        'test',
        { url: 'http://127.0.0.1:1/x', method: 'GET', headers: {} },
        timeouts,
        new AbortController().signal,
      ),
    );
    expect(error.code).toBe('upstream_unavailable');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(condition()).toBe(true), { timeout: 3_000, interval: 20 });
}
