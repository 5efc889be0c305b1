import { describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceCors, type CorsContext } from '../../../src/rest/edge/service-cors.js';

type CorsSpec = ConstructorParameters<typeof ServiceCors>[0];
const createServiceCors = (spec: CorsSpec): ServiceCors => new ServiceCors(spec);

const preflightHeaders = {
  origin: 'https://app.example.com',
  'access-control-request-method': 'PUT',
  'access-control-request-headers': 'content-type, x-trace',
};

describe('createServiceCors', () => {
  it('answers a preflight for a listed origin with the configured policy', () => {
    const cors = createServiceCors({
      origins: ['https://app.example.com'],
      methods: ['GET', 'PUT'],
      headers: ['content-type'],
      credentials: true,
      max_age_s: 300,
    });
    expect(cors?.preflightHeaders('OPTIONS', preflightHeaders)).toEqual({
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'GET, PUT',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '300',
      'access-control-allow-credentials': 'true',
    });
  });

  it('echoes the requested headers and allows every method by default, with * for any origin', () => {
    const answer = createServiceCors({ origins: ['*'] })?.preflightHeaders('OPTIONS', preflightHeaders);
    expect(answer?.['access-control-allow-origin']).toBe('*');
    expect(answer?.['access-control-allow-headers']).toBe('content-type, x-trace');
    expect(answer?.['access-control-allow-methods']).toContain('PATCH');
    expect(answer?.['access-control-max-age']).toBeUndefined();
  });

  it('echoes the origin instead of * with credentials, never the opaque origin null', () => {
    const cors = createServiceCors({ origins: ['*'], credentials: true });
    expect(cors?.preflightHeaders('OPTIONS', preflightHeaders)?.['access-control-allow-origin']).toBe(
      'https://app.example.com',
    );
    const fromNull = cors?.preflightHeaders('OPTIONS', { ...preflightHeaders, origin: 'null' });
    expect(fromNull?.['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unknown origin with a bare 204, and leaves non-preflights to the upstream', () => {
    const cors = createServiceCors({ origins: ['https://other.example.com'] });
    expect(cors?.preflightHeaders('OPTIONS', preflightHeaders)).toEqual({
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    });
    expect(cors?.preflightHeaders('OPTIONS', { origin: 'https://other.example.com' })).toBeUndefined();
    expect(cors?.preflightHeaders('GET', preflightHeaders)).toBeUndefined();
  });

  it('marks actual answers, replacing the upstream CORS headers and merging Vary', () => {
    const cors = createServiceCors({
      origins: ['https://app.example.com'],
      expose_headers: ['x-total'],
      credentials: true,
    });
    const headers: Record<string, string | string[]> = {
      vary: 'Accept-Encoding',
      'Access-Control-Allow-Origin': '*',
      'content-type': 'application/json',
    };
    cors?.decorate(headers, { origin: 'https://app.example.com' });
    expect(headers).toEqual({
      vary: 'Accept-Encoding, Origin',
      'content-type': 'application/json',
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-total',
    });
    const other: Record<string, string | string[]> = { vary: 'origin' };
    cors?.decorate(other, { origin: 'https://evil.example.com' });
    expect(other).toEqual({ vary: 'origin' });
  });

  it('answers a preflight over HTTP with 204 and marks the call headers of other requests', async () => {
    const cors = createServiceCors({ origins: ['https://app.example.com'] });
    const seen: CorsContext[] = [];
    const server: Server = createServer((incoming, response) => {
      const context: CorsContext = {
        method: incoming.method ?? 'GET',
        headers: incoming.headers,
        responseHeaders: { 'x-request-id': 'req_1' },
      };
      seen.push(context);
      if (cors.preflight(context, response)) return;
      cors.addHeaders(context);
      response.writeHead(200, context.responseHeaders).end('upstream');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const send = (method: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        const outgoing = request({ port, host: '127.0.0.1', method, path: '/x', headers }, (answer) => {
          answer.resume();
          answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers }));
        });
        outgoing.on('error', reject);
        outgoing.end();
      });
    try {
      const preflight = await send('OPTIONS', preflightHeaders);
      expect(preflight.status).toBe(204);
      expect(preflight.headers['x-request-id']).toBe('req_1');
      expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(seen[0]?.status).toBe(204);
      const actual = await send('GET', { origin: 'https://app.example.com' });
      expect(actual.status).toBe(200);
      expect(actual.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(actual.headers['vary']).toBe('Origin');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
