import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GatewayError } from '../../../src/core/gateway-error.js';
import { proxyServiceWebSocket } from '../../../src/rest/edge/proxy-service-websocket.js';
import type { WebSocketProxyOutcome } from '../../../src/rest/edge/proxy-websocket.js';
import { upgradeResponse } from '../../../src/rest/edge/upgrade-response.js';
import { UpstreamSet } from '../../../src/rest/upstream/upstream-set.js';
import { FakeRestStreams } from '../../support/fake-rest-streams.js';

/** The wiring the data plane uses: stages answer refusals on a response, accepted upgrades go to a node. */
describe('proxyServiceWebSocket with upgradeResponse', () => {
  let fake: FakeRestStreams;
  let upstream: UpstreamSet;
  let port: number;
  const outcomes: WebSocketProxyOutcome[] = [];
  const server = createServer();

  beforeAll(async () => {
    fake = await FakeRestStreams.start();
    upstream = new UpstreamSet({ nodes: [{ url: `${fake.url}/base` }] }, { serviceName: 'ws' });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const response = upgradeResponse(request, socket);
      const refuse = (error: GatewayError): void => {
        response.writeHead(error.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: error.code } }));
      };
      if (request.url === '/refused') return refuse(new GatewayError('invalid_api_key'));
      proxyServiceWebSocket({
        upstream,
        upstreamSpec: { nodes: [{ url: fake.url }], timeouts: { connect_ms: 2000 } },
        request,
        socket,
        head,
        response,
        pathAndQuery: request.url ?? '/',
        headers: {
          'sec-websocket-key': String(request.headers['sec-websocket-key']),
          'sec-websocket-version': '13',
        },
        requestId: 'req_svc',
      }).then((outcome) => outcomes.push(outcome), refuse);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await upstream.close();
    await fake.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers a refusal from the stages as plain HTTP and closes the connection', async () => {
    const client = new WebSocket(`ws://127.0.0.1:${port}/refused`);
    client.on('error', () => undefined);
    const [, response] = (await once(client, 'unexpected-response')) as [unknown, IncomingMessage];
    expect(response.statusCode).toBe(401);
    let body = '';
    for await (const chunk of response) body += String(chunk);
    expect(JSON.parse(body)).toEqual({ error: { code: 'invalid_api_key' } });
  });

  it('proxies an accepted upgrade to the picked node and reports the node done', async () => {
    const client = new WebSocket(`ws://127.0.0.1:${port}/live?x=1`);
    await once(client, 'open');
    client.send('ping');
    const [message] = (await once(client, 'message')) as [Buffer];
    expect(message.toString()).toBe('ping');
    expect(fake.handshakes.at(-1)?.path).toBe('/base/live?x=1');
    expect(upstream.status()[0]?.active).toBe(1);
    client.close();
    await once(client, 'close');
    for (let round = 0; round < 200 && outcomes.length === 0; round += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(outcomes[0]).toMatchObject({ upgraded: true, status: 101 });
    expect(upstream.status()[0]?.active).toBe(0);
  });
});
