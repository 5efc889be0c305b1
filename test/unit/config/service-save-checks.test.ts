import { describe, expect, it } from 'vitest';
import { parseIpEntry } from '../../../src/config/ip-entry.js';
import { uncapturedRewriteToken } from '../../../src/config/rewrite-path-params.js';

describe('parseIpEntry', () => {
  it('reads addresses and CIDR ranges, IPv4-mapped IPv6 as IPv4', () => {
    expect(parseIpEntry(' 10.0.0.0/8 ')).toEqual({ address: '10.0.0.0', family: 'ipv4', prefix: 8 });
    expect(parseIpEntry('::ffff:192.0.2.1')).toEqual({ address: '192.0.2.1', family: 'ipv4' });
    expect(parseIpEntry('2001:db8::/32')).toEqual({ address: '2001:db8::', family: 'ipv6', prefix: 32 });
  });

  it.each(['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/-1', 'example.com', '300.1.1.1', ''])(
    'refuses %j',
    (entry) => {
      expect(parseIpEntry(entry)).toBeUndefined();
    },
  );
});

describe('uncapturedRewriteToken', () => {
  it('accepts templates naming only what the route captures', () => {
    expect(uncapturedRewriteToken('/v2/items/:id', '/items/:id')).toBeUndefined();
    expect(uncapturedRewriteToken('/store/*', '/files/*')).toBeUndefined();
    expect(uncapturedRewriteToken('/f/:name/:ext', '/files/:name.:ext')).toBeUndefined();
    expect(uncapturedRewriteToken('/fixed', '/items/:id')).toBeUndefined();
  });

  it('names the first token the route does not capture', () => {
    expect(uncapturedRewriteToken('/v2/:itemId', '/items/:id')).toBe(':itemId');
    expect(uncapturedRewriteToken('/all/*', '/items')).toBe('*');
    expect(uncapturedRewriteToken('/a/:id/:idx', '/items/:id')).toBe(':idx');
  });
});
