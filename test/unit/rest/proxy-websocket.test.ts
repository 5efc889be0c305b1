import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import {
  proxyWebSocket,
  type WebSocketProxyOptions,
  type WebSocketProxyOutcome,
} from '../../../src/rest/edge/proxy-websocket.js';
import { requestHeadersForUpstream } from '../../../src/rest/transform/proxy-headers.js';
import { tlsConnectOptions } from '../../../src/rest/upstream/tls-connect-options.js';
import { FakeRestStreams } from '../../support/fake-rest-streams.js';
import { testCertificate } from '../../support/test-certificate.js';

/** A front server that proxies every upgrade to `nodeUrl`, as the data plane does. */
async function startFront(
  nodeUrl: string,
  extra: Partial<WebSocketProxyOptions> = {},
): Promise<{ server: Server; port: number; outcomes: WebSocketProxyOutcome[] }> {
  const outcomes: WebSocketProxyOutcome[] = [];
  const server = createServer((_request, response) => response.writeHead(404).end());
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const headers = requestHeadersForUpstream(
      request.headers,
      {
        clientIp: request.socket.remoteAddress ?? '',
        proto: 'http',
        host: request.headers.host ?? '',
        requestId: 'req_ws',
      },
      [],
    );
    void proxyWebSocket(request, socket, head, {
      nodeUrl,
      pathAndQuery: request.url ?? '/',
      headers,
      requestId: 'req_ws',
      ...extra,
    }).then((outcome) => outcomes.push(outcome));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, outcomes };
}

async function until(check: () => boolean): Promise<void> {
  for (let round = 0; round < 500 && !check(); round += 1)
    await new Promise((resolve) => setImmediate(resolve));
  for (let round = 0; round < 200 && !check(); round += 1)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

function unexpected(
  port: number,
  path: string,
): Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }> {
  return new Promise((resolve, reject) => {
    const client = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    client.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
      );
    });
    client.on('open', () => reject(new Error('the upgrade went through')));
    client.on('error', () => undefined);
  });
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function closeServer(server: Server): () => Promise<void> {
  return () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
}

describe('proxyWebSocket', () => {
  it('relays the handshake and echoes text and binary both ways, with forwarded headers', async () => {
    const fake = await FakeRestStreams.start();
    cleanup.push(() => fake.close());
    const front = await startFront(`${fake.url}/prefix`);
    cleanup.push(closeServer(front.server));
    const client = new WebSocket(`ws://127.0.0.1:${front.port}/chat?room=1`, ['chat.v1']);
    cleanup.push(() => client.terminate());
    const upgraded = new Promise<IncomingMessage>((resolve) => client.once('upgrade', resolve));
    await once(client, 'open');
    const upgrade = await upgraded;
    expect(upgrade.headers['x-request-id']).toBe('req_ws');
    expect(client.protocol).toBe('chat.v1');
    client.send('hello');
    const [text, textBinary] = (await once(client, 'message')) as [Buffer, boolean];
    expect(text.toString()).toBe('hello');
    expect(textBinary).toBe(false);
    client.send(Buffer.from([1, 2, 3]));
    const [binary, isBinary] = (await once(client, 'message')) as [Buffer, boolean];
    expect([...binary]).toEqual([1, 2, 3]);
    expect(isBinary).toBe(true);
    const handshake = fake.handshakes[0];
    expect(handshake?.path).toBe('/prefix/chat?room=1');
    expect(handshake?.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(handshake?.headers['x-request-id']).toBe('req_ws');
    expect(handshake?.headers['host']).toBe(`127.0.0.1:${fake.port}`);
    client.close(1000, 'bye');
    const [code] = (await once(client, 'close')) as [number];
    expect(code).toBe(1000);
    await until(() => front.outcomes.length === 1);
    expect(front.outcomes[0]).toMatchObject({ status: 101, upgraded: true, upstreamFailed: false });
    expect(front.outcomes[0]?.bytesIn).toBeGreaterThan(8);
    await until(() => fake.openWebSockets === 0);
  });

  it('opens wss with the service TLS options: its ca trusted besides the system roots', async () => {
    const upstream = createHttpsServer(testCertificate);
    const wss = new WebSocketServer({ server: upstream });
    wss.on('connection', (socket) => socket.on('message', (data, binary) => socket.send(data, { binary })));
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    cleanup.push(() => {
      wss.close();
      return closeServer(upstream)();
    });
    const nodeUrl = `https://localhost:${String((upstream.address() as AddressInfo).port)}`;
    const trusted = await startFront(nodeUrl, {
      tls: tlsConnectOptions({ verify: true, ca: testCertificate.cert, serverName: undefined }),
    });
    cleanup.push(closeServer(trusted.server));
    const client = new WebSocket(`ws://127.0.0.1:${String(trusted.port)}/`);
    cleanup.push(() => client.terminate());
    await once(client, 'open');
    client.send('over tls');
    const [text] = (await once(client, 'message')) as [Buffer];
    expect(text.toString()).toBe('over tls');

    const untrusted = await startFront(nodeUrl, {
      tls: tlsConnectOptions({ verify: true, ca: undefined, serverName: undefined }),
    });
    cleanup.push(closeServer(untrusted.server));
    // The TLS handshake fails before the connection counts as made: the node could not be reached.
    expect((await unexpected(untrusted.port, '/')).status).toBe(503);
  });

  it('closes the client when the upstream goes away', async () => {
    const fake = await FakeRestStreams.start();
    const front = await startFront(fake.url);
    cleanup.push(closeServer(front.server));
    const client = new WebSocket(`ws://127.0.0.1:${front.port}/`);
    await once(client, 'open');
    await fake.close();
    await once(client, 'close');
    await until(() => front.outcomes.length === 1);
    expect(front.outcomes[0]?.closedBy).toBe('upstream');
  });

  it('closes both sides with 1001 after the idle limit and after the total limit', async () => {
    const fake = await FakeRestStreams.start();
    cleanup.push(() => fake.close());
    const idle = await startFront(fake.url, { idleTimeoutMs: 150 });
    cleanup.push(closeServer(idle.server));
    const client = new WebSocket(`ws://127.0.0.1:${idle.port}/`);
    await once(client, 'open');
    const [code] = (await once(client, 'close')) as [number];
    expect(code).toBe(1001);
    await until(() => idle.outcomes[0]?.closedBy === 'idle');
    await until(() => fake.openWebSockets === 0);

    const limited = await startFront(fake.url, { maxDurationMs: 200, idleTimeoutMs: 0 });
    cleanup.push(closeServer(limited.server));
    const busy = new WebSocket(`ws://127.0.0.1:${limited.port}/`);
    await once(busy, 'open');
    const ticker = setInterval(() => busy.send('tick'), 20);
    cleanup.push(() => clearInterval(ticker));
    const [limitCode] = (await once(busy, 'close')) as [number];
    expect(limitCode).toBe(1001);
    await until(() => limited.outcomes[0]?.closedBy === 'max-duration');
  });

  it('answers 503 in the JSON error shape when the node cannot be reached', async () => {
    const closed = createTcpServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const front = await startFront(`http://127.0.0.1:${deadPort}`);
    cleanup.push(closeServer(front.server));
    const answer = await unexpected(front.port, '/');
    expect(answer.status).toBe(503);
    expect(answer.headers['x-request-id']).toBe('req_ws');
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { code: 'upstream_unavailable', request_id: 'req_ws' },
    });
    await until(() => front.outcomes[0]?.upstreamFailed === true);
  });

  it('answers 504 when the node accepts the connection but never answers the handshake', async () => {
    const held: Socket[] = [];
    const silent = createTcpServer((socket) => void held.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    cleanup.push(() => {
      for (const socket of held) socket.destroy();
      return new Promise((resolve) => silent.close(() => resolve()));
    });
    const front = await startFront(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, {
      connectTimeoutMs: 100,
    });
    cleanup.push(closeServer(front.server));
    const answer = await unexpected(front.port, '/');
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'upstream_timeout' } });
  });

  it('relays the answer of an upstream that declines the upgrade', async () => {
    const plain = createServer((_request, response) =>
      response.writeHead(403, { 'content-type': 'text/plain', 'x-upstream': 'yes' }).end('no sockets here'),
    );
    plain.listen(0, '127.0.0.1');
    await once(plain, 'listening');
    cleanup.push(closeServer(plain));
    const front = await startFront(`http://127.0.0.1:${(plain.address() as AddressInfo).port}`);
    cleanup.push(closeServer(front.server));
    const answer = await unexpected(front.port, '/');
    expect(answer.status).toBe(403);
    expect(answer.body).toBe('no sockets here');
    expect(answer.headers['x-upstream']).toBe('yes');
    await until(() => front.outcomes[0]?.status === 403);
  });
});
