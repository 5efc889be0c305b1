import type { IncomingHttpHeaders } from 'node:http';
import { isIPv6 } from 'node:net';
import { unmapIpv4 } from '../../core/unmap-ipv4.js';

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection, never the message, so a
 * proxy drops them both ways. `proxy-connection` is the non-standard variant old clients send.
 */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The headers Portico itself sets on the way to the upstream; the client's copies never pass. */
const setByPortico = ['host', 'x-forwarded-proto', 'x-forwarded-host', 'x-request-id'];

/** What never passes from client to upstream, as one table built once. */
const skippedUpstream: ReadonlySet<string> = new Set([...hopByHop, ...setByPortico]);

export interface ForwardedFacts {
  clientIp: string;
  proto: 'http' | 'https';
  host: string;
  requestId: string;
}

/**
 * The request headers an upstream receives: the client's, less hop-by-hop headers (and those the
 * client named in `Connection`), less `drop` (e.g. the consumer's credential), less Host (the
 * upstream set sends each node's own), with X-Forwarded-For and Forwarded appended with the client
 * and X-Forwarded-Proto/-Host and x-request-id set to what Portico saw.
 */
export function requestHeadersForUpstream(
  incoming: IncomingHttpHeaders,
  forwarded: ForwardedFacts,
  drop: readonly string[],
): Record<string, string | string[]> {
  // No Set per request: the fixed names are one lookup table; the rare extra names (the client's
  // `Connection` tokens, the dropped credential) a short list.
  const extra = connectionTokens(incoming['connection']);
  for (const name of drop) extra.push(name.toLowerCase());
  const headers = copyExcept(incoming, skippedUpstream, extra);
  const clientIp = unmapIpv4(forwarded.clientIp);
  if (clientIp !== '') headers['x-forwarded-for'] = appendList(headers['x-forwarded-for'], clientIp);
  headers['x-forwarded-proto'] = forwarded.proto;
  headers['x-forwarded-host'] = forwarded.host;
  const host = forwarded.host === '' ? '' : `host=${forwardedValue(forwarded.host)};`;
  const element = `for=${forwardedValue(clientIp === '' ? 'unknown' : forwardedNode(clientIp))};${host}proto=${forwarded.proto}`;
  headers['forwarded'] = appendList(headers['forwarded'], element);
  headers['x-request-id'] = forwarded.requestId;
  return headers;
}

/** The upstream's response headers a client receives: all but the hop-by-hop ones. */
export function responseHeadersForClient(
  upstream: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const connection = upstream['connection'] ?? upstream['Connection'];
  return copyExcept(upstream, hopByHop, connectionTokens(connection));
}

function copyExcept(
  source: Readonly<Record<string, string | string[] | undefined>>,
  skipped: ReadonlySet<string>,
  alsoSkipped: readonly string[],
): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const name in source) {
    const value = source[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (skipped.has(key) || (alsoSkipped.length > 0 && alsoSkipped.includes(key))) continue;
    headers[key] = value;
  }
  return headers;
}

/**
 * The header names listed in `Connection` (they are hop-by-hop for this connection). The common
 * `keep-alive` and `close` name no header a message carries, so they skip the split.
 */
function connectionTokens(value: string | string[] | undefined): string[] {
  if (value === undefined || value === 'keep-alive' || value === 'close') return [];
  const joined = Array.isArray(value) ? value.join(',') : value;
  return joined
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '');
}

function appendList(existing: string | string[] | undefined, value: string): string {
  if (existing === undefined) return value;
  const previous = Array.isArray(existing) ? existing.join(', ') : existing;
  return previous.trim() === '' ? value : `${previous}, ${value}`;
}

/** RFC 7239 §6: an IPv6 node is written in brackets (and so must be quoted). */
function forwardedNode(ip: string): string {
  return isIPv6(ip) ? `[${ip}]` : ip;
}

/** A token stays bare; anything else (':' of a port, brackets) becomes a quoted-string. */
function forwardedValue(value: string): string {
  if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value)) return value;
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}
