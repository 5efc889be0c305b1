import { BlockList } from 'node:net';
import { ipEntryProblem, ipFamily, parseIpEntry } from '../../config/ip-entry.js';
import { GatewayError } from '../../core/gateway-error.js';
import { unmapIpv4 } from '../../core/unmap-ipv4.js';

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
    const family = ipFamily(address);
    // An address that is not one (never from a real socket) is refused rather than guessed at.
    if (family === undefined) return false;
    if (denyList?.check(address, family) === true) return false;
    return allowList === undefined || allowList.check(address, family);
  };
}

function toBlockList(entries: readonly string[] | undefined, field: string): BlockList | undefined {
  if (entries === undefined || entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) addEntry(list, entry, field);
  return list;
}

function addEntry(list: BlockList, entry: string, field: string): void {
  const parsed = parseIpEntry(entry);
  if (parsed === undefined)
    throw new GatewayError('invalid_request', ipEntryProblem(field, entry.trim()), { param: field });
  if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.family);
  else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
}
