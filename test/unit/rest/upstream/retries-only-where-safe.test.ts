import { describe, expect, it } from 'vitest';
import { classifyAttemptError } from '../../../../src/rest/upstream/attempt-failure.js';
import { mayRetry } from '../../../../src/rest/upstream/retry-policy.js';

describe('mayRetry', () => {
  it('retries any method when the node never got the request', () => {
    for (const failure of ['refused', 'connect_timeout', 'tls'] as const) {
      expect(mayRetry('POST', { failure }, false)).toBe(true);
      expect(mayRetry('PATCH', { failure }, false)).toBe(true);
    }
  });

  it('retries idempotent methods only after a reset, a first-byte timeout or a 502/503/504', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']) {
      expect(mayRetry(method, { failure: 'reset' }, false)).toBe(true);
      expect(mayRetry(method, { failure: 'first_byte_timeout' }, false)).toBe(true);
      expect(mayRetry(method, { status: 503 }, false)).toBe(true);
      expect(mayRetry(method, { status: 500 }, false)).toBe(false);
      expect(mayRetry(method, { status: 404 }, false)).toBe(false);
    }
    expect(mayRetry('POST', { failure: 'reset' }, false)).toBe(false);
    expect(mayRetry('POST', { status: 502 }, false)).toBe(false);
    expect(mayRetry('PATCH', { failure: 'first_byte_timeout' }, false)).toBe(false);
  });

  it('never retries once the body was read, nor after the total timeout or a client leaving', () => {
    expect(mayRetry('PUT', { failure: 'refused' }, true)).toBe(false);
    expect(mayRetry('GET', { status: 503 }, true)).toBe(false);
    expect(mayRetry('GET', { failure: 'total_timeout' }, false)).toBe(false);
    expect(mayRetry('GET', { failure: 'client_closed' }, false)).toBe(false);
  });
});

describe('classifyAttemptError', () => {
  it('sorts node and undici errors into failure kinds', () => {
    const coded = (code: string): Error => Object.assign(new Error(code), { code });
    expect(classifyAttemptError(coded('ECONNREFUSED')).failure).toBe('refused');
    expect(classifyAttemptError(coded('ENOTFOUND')).failure).toBe('refused');
    expect(classifyAttemptError(new AggregateError([coded('ECONNREFUSED')])).failure).toBe('refused');
    expect(classifyAttemptError(coded('UND_ERR_CONNECT_TIMEOUT')).failure).toBe('connect_timeout');
    expect(classifyAttemptError(coded('UND_ERR_HEADERS_TIMEOUT')).failure).toBe('first_byte_timeout');
    expect(classifyAttemptError(coded('UND_ERR_SOCKET')).failure).toBe('reset');
    expect(classifyAttemptError(coded('DEPTH_ZERO_SELF_SIGNED_CERT')).failure).toBe('tls');
    expect(classifyAttemptError(new Error('plain')).failure).toBe('other');
  });
});
