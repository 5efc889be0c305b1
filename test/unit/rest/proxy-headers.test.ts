import { describe, expect, it } from 'vitest';
import {
  requestHeadersForUpstream,
  responseHeadersForClient,
} from '../../../src/rest/transform/proxy-headers.js';

const facts = {
  clientIp: '203.0.113.9',
  proto: 'https' as const,
  host: 'api.example.com',
  requestId: 'req_1',
};

describe('requestHeadersForUpstream', () => {
  it('drops hop-by-hop headers, those named in Connection, Host and the dropped ones', () => {
    const headers = requestHeadersForUpstream(
      {
        host: 'api.example.com',
        connection: 'keep-alive, X-Secret-Hop',
        'keep-alive': 'timeout=5',
        'proxy-authorization': 'Basic x',
        'proxy-connection': 'keep-alive',
        te: 'trailers',
        trailer: 'x-t',
        'transfer-encoding': 'chunked',
        upgrade: 'websocket',
        'x-secret-hop': 'dropped',
        'x-api-key': 'pk_secret',
        accept: 'application/json',
        'content-length': '12',
      },
      facts,
      ['X-Api-Key'],
    );
    expect(Object.keys(headers).sort()).toEqual(
      [
        'accept',
        'content-length',
        'forwarded',
        'x-forwarded-for',
        'x-forwarded-host',
        'x-forwarded-proto',
        'x-request-id',
      ].sort(),
    );
  });

  it('appends the client to X-Forwarded-For and Forwarded and sets the rest', () => {
    const headers = requestHeadersForUpstream(
      {
        'x-forwarded-for': '198.51.100.1, 10.0.0.1',
        forwarded: 'for=198.51.100.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': 'spoofed',
        'x-request-id': 'client-chosen',
      },
      facts,
      [],
    );
    expect(headers['x-forwarded-for']).toBe('198.51.100.1, 10.0.0.1, 203.0.113.9');
    expect(headers['forwarded']).toBe('for=198.51.100.1, for=203.0.113.9;host=api.example.com;proto=https');
    expect(headers['x-forwarded-proto']).toBe('https');
    expect(headers['x-forwarded-host']).toBe('api.example.com');
    expect(headers['x-request-id']).toBe('req_1');
  });

  it('quotes IPv6 clients and hosts with a port in Forwarded, and unmaps IPv4-mapped clients', () => {
    const v6 = requestHeadersForUpstream(
      {},
      { ...facts, clientIp: '::1', host: 'localhost:8080', proto: 'http' },
      [],
    );
    expect(v6['forwarded']).toBe('for="[::1]";host="localhost:8080";proto=http');
    expect(v6['x-forwarded-for']).toBe('::1');
    const mapped = requestHeadersForUpstream({}, { ...facts, clientIp: '::ffff:127.0.0.1' }, []);
    expect(mapped['x-forwarded-for']).toBe('127.0.0.1');
    expect(mapped['forwarded']).toBe('for=127.0.0.1;host=api.example.com;proto=https');
  });

  it('writes for=unknown when the client address is not known', () => {
    const headers = requestHeadersForUpstream({}, { ...facts, clientIp: '' }, []);
    expect(headers['x-forwarded-for']).toBeUndefined();
    expect(headers['forwarded']).toBe('for=unknown;host=api.example.com;proto=https');
  });
});

describe('responseHeadersForClient', () => {
  it('drops hop-by-hop headers and those the upstream named in Connection, keeps the rest', () => {
    expect(
      responseHeadersForClient({
        Connection: 'close, x-hop',
        'x-hop': '1',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'proxy-authenticate': 'Basic',
        'content-type': 'text/plain',
        'set-cookie': ['a=1', 'b=2'],
        'x-missing': undefined,
      }),
    ).toEqual({ 'content-type': 'text/plain', 'set-cookie': ['a=1', 'b=2'] });
  });
});
