import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/core/gateway-error.js';
import { checkRequestFraming } from '../../../src/rest/edge/check-request-framing.js';

describe('checkRequestFraming', () => {
  it('passes Content-Length, plain chunked and no body', () => {
    expect(() => checkRequestFraming({ 'content-length': '5' })).not.toThrow();
    expect(() => checkRequestFraming({ 'transfer-encoding': 'Chunked' })).not.toThrow();
    expect(() => checkRequestFraming({})).not.toThrow();
  });

  it.each(['gzip, chunked', 'deflate,chunked', 'identity'])(
    'refuses Transfer-Encoding %s with a 400',
    (value) => {
      try {
        checkRequestFraming({ 'transfer-encoding': value });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(GatewayError);
        expect((error as GatewayError).status).toBe(400);
        expect((error as GatewayError).message).toContain(value);
      }
    },
  );
});
