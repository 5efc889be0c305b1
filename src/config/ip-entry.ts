import { isIP } from 'node:net';
import { unmapIpv4 } from '../core/unmap-ipv4.js';

/** One `ip_allow` / `ip_deny` entry read: an address, or a range when `prefix` is set. */
export interface IpEntry {
  address: string;
  family: 'ipv4' | 'ipv6';
  prefix?: number;
}

/**
 * Reads an entry of a service's IP lists: a single address or a CIDR range, IPv4 or IPv6 (an
 * IPv4-mapped IPv6 address is read as its IPv4 address). Undefined when it is neither. The data
 * plane's filter and the admin API's save-time check both read entries here, so what saves serves.
 */
export function parseIpEntry(text: string): IpEntry | undefined {
  const entry = text.trim();
  const slash = entry.indexOf('/');
  const address = unmapIpv4(slash === -1 ? entry : entry.slice(0, slash));
  const family = ipFamily(address);
  if (family === undefined) return undefined;
  if (slash === -1) return { address, family };
  const prefixText = entry.slice(slash + 1);
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > (family === 'ipv4' ? 32 : 128)) return undefined;
  return { address, family, prefix };
}

/** The message for an entry parseIpEntry refuses; `field` is where it was written. */
export function ipEntryProblem(field: string, entry: string): string {
  return `${field} entry "${entry}" is not an IPv4 or IPv6 address or CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32).`;
}

export function ipFamily(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}
