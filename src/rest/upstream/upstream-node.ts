import { Pool } from 'undici';
import type { BalancedNode } from './balancer.js';
import { NodeHealth } from './node-health.js';
import type { TlsConnectOptions } from './tls-connect-options.js';
import type { UpstreamSettings } from './upstream-settings.js';

/** One node of an upstream: its keep-alive pool, requests in flight and health. */
export class UpstreamNode implements BalancedNode {
  /** As configured (origin and optional path prefix); names the node in attempts and status. */
  readonly url: string;
  readonly weight: number;
  /** `host:port` sent as Host unless the caller passes its own. */
  readonly host: string;
  /** The URL's path without a trailing '/', prepended to every request path ('' for none). */
  readonly pathPrefix: string;
  readonly pool: Pool;
  readonly health: NodeHealth;
  active = 0;

  constructor(
    spec: { url: string; weight?: number },
    settings: UpstreamSettings,
    tls: TlsConnectOptions,
    defaultWeight: number,
    onHealthChange: (node: UpstreamNode) => void,
  ) {
    const parsed = parseNodeUrl(spec.url);
    this.url = spec.url;
    this.weight = spec.weight ?? defaultWeight;
    this.host = parsed.host;
    this.pathPrefix = parsed.pathname.replace(/\/+$/, '');
    this.pool = new Pool(parsed.origin, {
      connections: settings.maxConnections,
      headersTimeout: settings.firstByteMs,
      connect: { timeout: settings.connectMs, ...tls },
    });
    this.health = new NodeHealth(settings.active, settings.passive, () => onHealthChange(this));
  }
}

function parseNodeUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`upstream node "${url}" is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`upstream node "${url}" must be http:// or https://`);
  }
  if (parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') {
    throw new Error(`upstream node "${url}" may hold an origin and a path only`);
  }
  return parsed;
}
