import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Ranges a budget webhook may not reach unless allowed: loopback, private, link-local, unspecified, multicast, reserved. */
const privateRanges: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  // `::` and `::1` and the deprecated IPv4-compatible block; IPv4-mapped (::ffff:a.b.c.d) is checked as IPv4 by BlockList.
  ['::', 96, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

/** Thrown (and passed to a connect callback) when a webhook target resolves to a refused address. */
export class WebhookTargetRefused extends Error {
  override readonly name = 'WebhookTargetRefused';
}

/**
 * Where budget alert webhooks may be sent: http(s) URLs whose host resolves only to public
 * addresses, plus the private targets the operator lists in `webhooks.allow_private_targets`
 * (host names, IP addresses or CIDR ranges). Checked when a webhook is set and again when it is
 * sent, connecting to the address that was checked. See docs/security.md#webhooks.
 */
export class WebhookTargetPolicy {
  private readonly refused = new BlockList();
  private readonly allowedAddresses = new BlockList();
  private readonly allowedHosts = new Set<string>();

  /** @param allowPrivateTargets host names, addresses or CIDRs (`127.0.0.1`, `10.0.0.0/8`, `alerts.internal`). */
  constructor(allowPrivateTargets: readonly string[] = []) {
    for (const [network, prefix, family] of privateRanges) this.refused.addSubnet(network, prefix, family);
    for (const entry of allowPrivateTargets) this.allow(entry);
  }

  private allow(entry: string): void {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) {
      if (prefix !== undefined) throw new Error(`'${entry}' is neither a host name nor an IP range`);
      this.allowedHosts.add(entry.toLowerCase());
    } else if (prefix === undefined) {
      this.allowedAddresses.addAddress(address, family === 4 ? 'ipv4' : 'ipv6');
    } else {
      this.allowedAddresses.addSubnet(address, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  /** What is wrong with the URL itself (scheme, host, an IP literal that is refused); undefined when fine. */
  urlProblem(text: string): string | undefined {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return `'${text}' is not a URL`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs are allowed';
    const host = hostOf(url);
    return isIP(host) === 0 ? undefined : this.addressProblem(host, host);
  }

  /** Why `address` (which `host` resolved to) may not be reached; undefined when it may. */
  addressProblem(host: string, address: string): string | undefined {
    if (this.allowedHosts.has(host.toLowerCase())) return undefined;
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!this.refused.check(address, family) || this.allowedAddresses.check(address, family))
      return undefined;
    const via = host === address ? '' : ` (${host} resolves to ${address})`;
    return (
      `${address}${via} is a loopback, private, link-local or reserved address; budget webhooks reach ` +
      'only public addresses unless webhooks.allow_private_targets in the config file lists it'
    );
  }

  /**
   * Checks a URL as it is set: the URL, then every address its host resolves to now. A host that
   * does not resolve (yet) passes here: the check is repeated at each send.
   */
  async check(text: string): Promise<string | undefined> {
    const problem = this.urlProblem(text);
    if (problem !== undefined) return problem;
    const host = hostOf(new URL(text));
    if (isIP(host) !== 0) return undefined;
    let addresses: LookupAddress[];
    try {
      addresses = await dnsLookupAll(host, { all: true });
    } catch {
      return undefined;
    }
    return addresses
      .map((entry) => this.addressProblem(host, entry.address))
      .find((item) => item !== undefined);
  }

  /**
   * A `lookup` for `net.connect`: resolves, refuses the connection when any address is refused,
   * else hands over the addresses checked, so DNS cannot change between check and connect.
   */
  readonly lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error !== null) return callback(error, '');
      const problem = addresses
        .map((entry) => this.addressProblem(hostname, entry.address))
        .find((item) => item !== undefined);
      const first = addresses[0];
      if (problem !== undefined || first === undefined)
        return callback(new WebhookTargetRefused(problem ?? `${hostname} has no address`), '');
      if (options.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/** The URL's host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}
