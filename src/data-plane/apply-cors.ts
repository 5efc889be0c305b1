import type { CorsSettings } from '../config/portico-config.js';
import { GatewayError } from '../core/gateway-error.js';
import type { GatewayContext } from '../pipeline/context/gateway-context.js';
import { allowedOrigin } from '../pipeline/respond/allowed-origin.js';
import { endWhole } from '../pipeline/respond/reply-whole.js';
import type { Stage } from '../pipeline/stage.js';
import type { Endpoint, EndpointMatch } from './endpoint-group.js';

const allowedMethods = 'GET, POST, OPTIONS';
const defaultHeaders =
  'authorization, content-type, x-api-key, x-goog-api-key, anthropic-version, anthropic-beta';

/**
 * Adds CORS to every data-plane endpoint when `server.cors` is set or a route has its own
 * (docs/configuration.md): an `OPTIONS` endpoint answering browser preflights with 204 for an
 * origin the server or any route allows, and, with `server.cors`, a first stage that marks the
 * answers (errors and streams included) for an allowed origin; a route's own origins then
 * replace that mark once the route is known (pipeline/respond/route-cors.ts). Neither: nothing changes.
 */
export function createApplyCors(
  settings: CorsSettings | undefined,
  routeCors: () => RoutesCors,
): (match: EndpointMatch) => EndpointMatch {
  const mark = settings === undefined ? undefined : markOrigin(settings);
  const answer = preflight(settings ?? routeOnlySettings, routeCors);
  // Groups return the same endpoint list for a path on every request: wrap each list once.
  const wrapped = new WeakMap<readonly Endpoint[], Endpoint[]>();
  return (match) => {
    // Without server.cors, only routes' own settings call for preflights; none: nothing changes.
    if (mark === undefined && routeCors().origins.size === 0) return match;
    let endpoints = wrapped.get(match.endpoints);
    if (endpoints === undefined) {
      // Before the body, so refusals that need no body (a 401 from authenticate) carry the origin too.
      endpoints =
        mark === undefined
          ? [...match.endpoints]
          : match.endpoints.map((endpoint) => ({
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

/** What the declared routes' own CORS settings allow together (`RouteTable.routeCors`). */
export interface RoutesCors {
  origins: ReadonlySet<string>;
  credentials: boolean;
}

/** Preflight settings when only routes have CORS: their origins, the default headers and max-age. */
const routeOnlySettings: CorsSettings = { origins: [], credentials: false, maxAgeSeconds: 600 };

/** The `Access-Control-Allow-Origin` value for `origin`, or undefined when it is not allowed. */
function allowOrigin(settings: CorsSettings, origin: string | undefined): string | undefined {
  return allowedOrigin(settings.origins, settings.credentials, origin);
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

function preflight(settings: CorsSettings, routeCors: () => RoutesCors): Stage {
  return (context) => {
    const method = context.headers['access-control-request-method'];
    // A plain OPTIONS (not a browser preflight) stays what it was: a method this path does not serve.
    if (method === undefined)
      throw new GatewayError('method_not_allowed', `OPTIONS is not allowed on ${context.path}.`);
    const origin = originOf(context);
    const routes = routeCors();
    const byRoute = origin !== undefined && (routes.origins.has(origin) || routes.origins.has('*'));
    const credentials = settings.credentials || (byRoute && routes.credentials);
    // A route's origin is echoed: with `Vary: Origin` that is always a valid preflight answer.
    const allowed = allowOrigin(settings, origin) ?? (byRoute ? origin : undefined);
    const headers = context.responseHeaders;
    headers['vary'] = 'Origin, Access-Control-Request-Headers';
    if (allowed !== undefined) {
      headers['access-control-allow-origin'] = allowed;
      headers['access-control-allow-methods'] = allowedMethods;
      headers['access-control-allow-headers'] = settings.headers?.join(', ') ?? defaultHeaders;
      headers['access-control-max-age'] = String(settings.maxAgeSeconds);
      if (credentials) headers['access-control-allow-credentials'] = 'true';
    }
    context.status = 204;
    endWhole(context.reply, 204, headers, '');
  };
}
