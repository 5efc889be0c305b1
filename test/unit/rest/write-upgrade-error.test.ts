import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/core/gateway-error.js';
import { headerLines, writeUpgradeError } from '../../../src/rest/edge/write-upgrade-error.js';

describe('writeUpgradeError', () => {
  it('writes a whole HTTP answer in the REST error shape and ends the socket', async () => {
    const socket = new PassThrough();
    writeUpgradeError(
      socket,
      new GatewayError('gateway_rate_limited', 'Slow down.', {
        retryAfterSeconds: 3,
        headers: { 'x-ratelimit-limit': '5' },
      }),
      'req_9',
    );
    let text = '';
    for await (const chunk of socket) text += String(chunk);
    const [head, body] = text.split('\r\n\r\n');
    expect(head?.split('\r\n')[0]).toBe('HTTP/1.1 429 Too Many Requests');
    expect(head).toContain('x-request-id: req_9');
    expect(head).toContain('retry-after: 3');
    expect(head).toContain('x-ratelimit-limit: 5');
    expect(head).toContain('connection: close');
    expect(JSON.parse(body ?? '')).toEqual({
      error: { code: 'gateway_rate_limited', message: 'Slow down.', request_id: 'req_9' },
    });
    expect(head).toContain(`content-length: ${Buffer.byteLength(body ?? '')}`);
  });

  it('never writes a header line that would split the head', () => {
    expect(
      headerLines({ a: 'ok', b: 'x\r\ninjected: 1', 'c\r\nd': 'y', e: ['1', '2\n3'], f: undefined }),
    ).toBe('a: ok\r\ne: 1\r\n');
  });
});
