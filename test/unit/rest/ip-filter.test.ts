import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/core/gateway-error.js';
import { createIpFilter } from '../../../src/rest/edge/ip-filter.js';

describe('createIpFilter', () => {
  it('is undefined without lists', () => {
    expect(createIpFilter(undefined, undefined)).toBeUndefined();
    expect(createIpFilter([], [])).toBeUndefined();
  });

  it('allows only listed addresses and ranges, IPv4 and IPv6', () => {
    const allowed = createIpFilter(['10.0.0.0/8', '192.168.1.7', '2001:db8::/32', '::1'], undefined);
    expect(allowed?.('10.1.2.3')).toBe(true);
    expect(allowed?.('192.168.1.7')).toBe(true);
    expect(allowed?.('192.168.1.8')).toBe(false);
    expect(allowed?.('2001:db8:1::5')).toBe(true);
    expect(allowed?.('2001:db9::1')).toBe(false);
    expect(allowed?.('::1')).toBe(true);
  });

  it('matches IPv4-mapped IPv6 clients as IPv4', () => {
    const allowed = createIpFilter(['127.0.0.0/8'], ['127.0.0.2']);
    expect(allowed?.('::ffff:127.0.0.1')).toBe(true);
    expect(allowed?.('::FFFF:127.0.0.2')).toBe(false);
    expect(allowed?.('::ffff:10.0.0.1')).toBe(false);
  });

  it('lets deny win over allow, and allows what is not denied without an allow list', () => {
    const both = createIpFilter(['10.0.0.0/8'], ['10.9.0.0/16']);
    expect(both?.('10.9.1.1')).toBe(false);
    expect(both?.('10.8.1.1')).toBe(true);
    const denyOnly = createIpFilter(undefined, ['203.0.113.0/24', 'fe80::/10']);
    expect(denyOnly?.('203.0.113.200')).toBe(false);
    expect(denyOnly?.('fe80::1%eth0')).toBe(false);
    expect(denyOnly?.('198.51.100.1')).toBe(true);
  });

  it('refuses what is not an address', () => {
    expect(createIpFilter(['10.0.0.0/8'], undefined)?.('not-an-ip')).toBe(false);
  });

  it.each(['10.0.0.0/33', '::/129', 'example.com', '10.0.0.0/', '10.0.0.0/8x', '1.2.3'])(
    'throws a 400 naming the bad entry %s',
    (entry) => {
      try {
        createIpFilter([entry], undefined);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(GatewayError);
        expect((error as GatewayError).status).toBe(400);
        expect((error as GatewayError).message).toContain(entry);
      }
    },
  );
});
