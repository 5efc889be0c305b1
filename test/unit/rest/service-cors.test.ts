import { describe, expect, it } from 'vitest';
import { createServiceCors } from '../../../src/rest/edge/service-cors.js';

const preflightHeaders = {
  origin: 'https://app.example.com',
  'access-control-request-method': 'PUT',
  'access-control-request-headers': 'content-type, x-trace',
};

describe('createServiceCors', () => {
  it('is undefined for a service without cors', () => {
    expect(createServiceCors(undefined)).toBeUndefined();
  });

  it('answers a preflight for a listed origin with the configured policy', () => {
    const cors = createServiceCors({
      origins: ['https://app.example.com'],
      methods: ['GET', 'PUT'],
      headers: ['content-type'],
      credentials: true,
      max_age_s: 300,
    });
    expect(cors?.preflight('OPTIONS', preflightHeaders)).toEqual({
      status: 204,
      headers: {
        vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        'access-control-allow-origin': 'https://app.example.com',
        'access-control-allow-methods': 'GET, PUT',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '300',
        'access-control-allow-credentials': 'true',
      },
    });
  });

  it('echoes the requested headers and allows every method by default, with * for any origin', () => {
    const answer = createServiceCors({ origins: ['*'] })?.preflight('OPTIONS', preflightHeaders);
    expect(answer?.headers['access-control-allow-origin']).toBe('*');
    expect(answer?.headers['access-control-allow-headers']).toBe('content-type, x-trace');
    expect(answer?.headers['access-control-allow-methods']).toContain('PATCH');
    expect(answer?.headers['access-control-max-age']).toBeUndefined();
  });

  it('echoes the origin instead of * with credentials, never the opaque origin null', () => {
    const cors = createServiceCors({ origins: ['*'], credentials: true });
    expect(cors?.preflight('OPTIONS', preflightHeaders)?.headers['access-control-allow-origin']).toBe(
      'https://app.example.com',
    );
    const fromNull = cors?.preflight('OPTIONS', { ...preflightHeaders, origin: 'null' });
    expect(fromNull?.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unknown origin with a bare 204, and leaves non-preflights to the upstream', () => {
    const cors = createServiceCors({ origins: ['https://other.example.com'] });
    expect(cors?.preflight('OPTIONS', preflightHeaders)).toEqual({
      status: 204,
      headers: { vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers' },
    });
    expect(cors?.preflight('OPTIONS', { origin: 'https://other.example.com' })).toBeUndefined();
    expect(cors?.preflight('GET', preflightHeaders)).toBeUndefined();
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
});
