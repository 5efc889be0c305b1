import type { IncomingMessage } from 'node:http';
import type { RestExchange } from '../rest-exchange.js';
import { editHeaders } from '../transform/edit-headers.js';
import { editQuery } from '../transform/edit-query.js';
import { requestHeadersForUpstream } from '../transform/proxy-headers.js';
import { upstreamPath } from '../transform/upstream-path.js';

const noDrop: readonly string[] = [];

/** The request an upstream receives, shared by proxied calls and WebSocket handshakes. */
export interface UpstreamRequest {
  pathAndQuery: string;
  headers: Record<string, string | string[]>;
}

/**
 * Applies the route's compiled transforms: path (strip or rewrite), query edits, request header
 * edits, the consumer's credential dropped unless forwarded, the upstream credential set, and
 * the forwarding headers (X-Forwarded-*, Forwarded, x-request-id).
 */
export function upstreamRequest(
  exchange: RestExchange,
  request: IncomingMessage,
  facts: { path: string; query: string; requestId: string },
): UpstreamRequest {
  const entry = exchange.route.service.entry;
  const spec = entry.spec;
  const transforms = exchange.route.prepared.transforms;
  const drop = spec.auth?.forward_credential === true ? noDrop : exchange.credentialHeaders;
  const headers = requestHeadersForUpstream(
    request.headers,
    {
      clientIp: request.socket.remoteAddress ?? '',
      proto: 'encrypted' in request.socket ? 'https' : 'http',
      host: request.headers.host ?? '',
      requestId: facts.requestId,
    },
    drop,
  );
  // The gateway answered `Expect` itself; undici refuses to send it.
  delete headers['expect'];
  if (transforms?.request_headers !== undefined) editHeaders(headers, transforms.request_headers);
  const credential = spec.upstream_credential;
  if (credential !== undefined && entry.credentialValue !== undefined)
    headers[credential.header.toLowerCase()] = entry.credentialValue;
  const path = upstreamPath({
    path: facts.path,
    basePath: spec.base_path,
    params: exchange.params,
    transforms,
  });
  const query = transforms?.query === undefined ? facts.query : editQuery(facts.query, transforms.query);
  return { pathAndQuery: query === '' ? path : `${path}?${query}`, headers };
}

/** The consistent-hash input `hash_on` names: the client IP, a header or a path parameter. */
export function hashKeyOf(exchange: RestExchange, request: IncomingMessage): string | undefined {
  const hashOn = exchange.route.service.entry.spec.upstream.hash_on;
  if (hashOn === undefined) return undefined;
  if (hashOn === 'ip') return request.socket.remoteAddress;
  if (hashOn.startsWith('header:')) {
    const value = request.headers[hashOn.slice(7).toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }
  if (hashOn.startsWith('param:')) return exchange.params[hashOn.slice(6)];
  return undefined;
}
