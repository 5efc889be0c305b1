import { BlockList, isIP } from 'node:net';
import { GatewayError } from '../../core/gateway-error.js';
import { unmapIpv4 } from '../transform/unmap-ipv4.js';

/**
 * A service's IP allow and deny lists as one check: `true` lets the client in. Entries are single
 * addresses or CIDR ranges, IPv4 or IPv6; a client on an IPv4-mapped IPv6 address (::ffff:1.2.3.4,
 * as dual-stack sockets report IPv4 peers) is matched as its IPv4 address. A denied address is
 * refused even when an allow entry also matches it. An empty or absent allow list allows every
 * address that is not denied; both lists empty or absent: undefined (no filter at all).
 * Throws a GatewayError (400) naming the first entry that is not an address or range.
 */
export function createIpFilter(
  allow: readonly string[] | undefined,
  deny: readonly string[] | undefined,
): ((ip: string) => boolean) | undefined {
  const allowList = toBlockList(allow, 'ip_allow');
  const denyList = toBlockList(deny, 'ip_deny');
  if (allowList === undefined && denyList === undefined) return undefined;
  return (ip) => {
    const address = unmapIpv4(ip.replace(/%.*$/, ''));
    const family = familyOf(address);
    // An address that is not one (never from a real socket) is refused rather than guessed at.
    if (family === undefined) return false;
    if (denyList?.check(address, family) === true) return false;
    return allowList === undefined || allowList.check(address, family);
  };
}

function toBlockList(entries: readonly string[] | undefined, field: string): BlockList | undefined {
  if (entries === undefined || entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) addEntry(list, entry.trim(), field);
  return list;
}

function addEntry(list: BlockList, entry: string, field: string): void {
  const slash = entry.indexOf('/');
  const address = unmapIpv4(slash === -1 ? entry : entry.slice(0, slash));
  const family = familyOf(address);
  const prefixText = slash === -1 ? undefined : entry.slice(slash + 1);
  const prefix = prefixText === undefined ? undefined : Number(prefixText);
  const maxPrefix = family === 'ipv4' ? 32 : 128;
  const validPrefix =
    prefix === undefined ||
    (prefixText !== undefined && /^\d{1,3}$/.test(prefixText) && prefix >= 0 && prefix <= maxPrefix);
  if (family === undefined || !validPrefix)
    throw new GatewayError(
      'invalid_request',
      `${field} entry "${entry}" is not an IPv4 or IPv6 address or CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32).`,
      { param: field },
    );
  if (prefix === undefined) list.addAddress(address, family);
  else list.addSubnet(address, prefix, family);
}

function familyOf(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}
