import type { CorsSettings } from '../config/portico-config.js';
import { GatewayError } from '../core/gateway-error.js';
import type { GatewayContext } from '../pipeline/gateway-context.js';
import { endWhole } from '../pipeline/reply-whole.js';
import type { Stage } from '../pipeline/stage.js';
import type { Endpoint, EndpointMatch } from './endpoint-group.js';

const allowedMethods = 'GET, POST, OPTIONS';
const defaultHeaders =
  'authorization, content-type, x-api-key, x-goog-api-key, anthropic-version, anthropic-beta';

/**
 * Adds CORS to every data-plane endpoint when `server.cors` is set (docs/configuration.md): an
 * `OPTIONS` endpoint answering browser preflights with 204, and a first stage that marks the
 * answers (errors and streams included) for an allowed origin. Absent settings change nothing.
 */
export function createApplyCors(settings: CorsSettings | undefined): (match: EndpointMatch) => EndpointMatch {
  if (settings === undefined) return (match) => match;
  const mark = markOrigin(settings);
  const answer = preflight(settings);
  // Groups return the same endpoint list for a path on every request: wrap each list once.
  const wrapped = new WeakMap<readonly Endpoint[], Endpoint[]>();
  return (match) => {
    let endpoints = wrapped.get(match.endpoints);
    if (endpoints === undefined) {
      // Before the body, so refusals that need no body (a 401 from authenticate) carry the origin too.
      endpoints = match.endpoints.map((endpoint) => ({
        ...endpoint,
        beforeBody: [mark, ...(endpoint.beforeBody ?? [])],
      }));
      const first = match.endpoints[0];
      if (first !== undefined)
        endpoints.push({ method: 'OPTIONS', stages: [answer], encodeError: first.encodeError });
      wrapped.set(match.endpoints, endpoints);
    }
    return { ...match, endpoints };
  };
}

/** The `Access-Control-Allow-Origin` value for `origin`, or undefined when it is not allowed. */
function allowOrigin(settings: CorsSettings, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  // With credentials, browsers refuse `*`: the origin itself is echoed.
  if (settings.origins.includes('*')) return settings.credentials ? origin : '*';
  return settings.origins.includes(origin) ? origin : undefined;
}

function originOf(context: GatewayContext): string | undefined {
  const origin = context.headers['origin'];
  return Array.isArray(origin) ? origin[0] : origin;
}

function markOrigin(settings: CorsSettings): Stage {
  return (context) => {
    const allowed = allowOrigin(settings, originOf(context));
    if (allowed === undefined) return;
    const headers = context.responseHeaders;
    headers['access-control-allow-origin'] = allowed;
    headers['vary'] = 'Origin';
    if (settings.credentials) headers['access-control-allow-credentials'] = 'true';
    if (settings.exposeHeaders !== undefined)
      headers['access-control-expose-headers'] = settings.exposeHeaders.join(', ');
  };
}

function preflight(settings: CorsSettings): Stage {
  return (context) => {
    const method = context.headers['access-control-request-method'];
    // A plain OPTIONS (not a browser preflight) stays what it was: a method this path does not serve.
    if (method === undefined)
      throw new GatewayError('method_not_allowed', `OPTIONS is not allowed on ${context.path}.`);
    const allowed = allowOrigin(settings, originOf(context));
    const headers = context.responseHeaders;
    headers['vary'] = 'Origin, Access-Control-Request-Headers';
    if (allowed !== undefined) {
      headers['access-control-allow-origin'] = allowed;
      headers['access-control-allow-methods'] = allowedMethods;
      headers['access-control-allow-headers'] = settings.headers?.join(', ') ?? defaultHeaders;
      headers['access-control-max-age'] = String(settings.maxAgeSeconds);
      if (settings.credentials) headers['access-control-allow-credentials'] = 'true';
    }
    context.status = 204;
    endWhole(context.reply, 204, headers, '');
  };
}
