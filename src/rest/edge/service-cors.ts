import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { HttpServiceSpec } from '../../config/http-service-schema.js';
import type { GatewayContext } from '../../pipeline/context/gateway-context.js';
import { allowedOrigin } from '../../pipeline/respond/allowed-origin.js';

type CorsSpec = NonNullable<HttpServiceSpec['cors']>;
type RequestHeaders = IncomingHttpHeaders | GatewayContext['headers'];
type ResponseHeaders = Record<string, string | string[]>;

/** The parts of a call the CORS policy reads and writes. */
export type CorsContext = Pick<GatewayContext, 'method' | 'headers' | 'responseHeaders' | 'status'>;

const everyMethod = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const preflightVary = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

/**
 * The CORS policy of one REST service (its `cors` settings). Browser preflights are answered by
 * the gateway (204) without calling the upstream, whatever route or method the path has, so a
 * service's CORS does not depend on its upstream answering OPTIONS. Actual answers carry the
 * allowed origin and `Vary: Origin`; the service's policy replaces any CORS headers the upstream
 * sent, so a browser sees one policy. `*` with credentials echoes the origin (browsers refuse
 * `*` then); the opaque origin `null` is only allowed when listed.
 */
export class ServiceCors {
  private readonly credentials: boolean;
  private readonly methods: string;
  private readonly allowHeaders: string | undefined;
  private readonly expose: string | undefined;

  constructor(private readonly spec: CorsSpec) {
    this.credentials = spec.credentials === true;
    this.methods = spec.methods?.join(', ') ?? everyMethod;
    this.allowHeaders = spec.headers?.join(', ');
    this.expose = spec.expose_headers?.join(', ');
  }

  /**
   * The headers of the answer to a browser preflight (`OPTIONS` with
   * `Access-Control-Request-Method`), or undefined for any other request: a plain OPTIONS goes to
   * the upstream like other methods. An origin the service does not allow gets a bare 204, so the
   * browser refuses the call without learning the policy.
   */
  preflightHeaders(method: string, headers: RequestHeaders): Record<string, string> | undefined {
    if (method !== 'OPTIONS' || firstValue(headers['access-control-request-method']) === undefined)
      return undefined;
    const answer: Record<string, string> = { vary: preflightVary };
    const allowed = allowedOrigin(this.spec.origins, this.credentials, firstValue(headers['origin']));
    if (allowed === undefined) return answer;
    answer['access-control-allow-origin'] = allowed;
    answer['access-control-allow-methods'] = this.methods;
    // Without a configured list, the headers the browser asks for are allowed (as Kong does).
    const headerList = this.allowHeaders ?? firstValue(headers['access-control-request-headers']);
    if (headerList !== undefined && headerList !== '') answer['access-control-allow-headers'] = headerList;
    if (this.spec.max_age_s !== undefined) answer['access-control-max-age'] = String(this.spec.max_age_s);
    if (this.credentials) answer['access-control-allow-credentials'] = 'true';
    return answer;
  }

  /** Answers the call with 204 when it is a browser preflight; true when it did. */
  preflight(context: CorsContext, response: ServerResponse): boolean {
    const headers = this.preflightHeaders(context.method, context.headers);
    if (headers === undefined) return false;
    context.status = 204;
    response.writeHead(204, { ...context.responseHeaders, ...headers });
    response.end();
    return true;
  }

  /**
   * Marks the call's own response headers (`context.responseHeaders`, which every answer carries,
   * errors included) for the request's origin.
   */
  addHeaders(context: CorsContext): void {
    this.decorate(context.responseHeaders, context.headers);
  }

  /**
   * Marks an answer's headers in place: drops the upstream's `Access-Control-*`, adds the allowed
   * origin, credentials and exposed headers, and merges `Origin` into the existing `Vary`.
   */
  decorate(responseHeaders: ResponseHeaders, requestHeaders: RequestHeaders): void {
    for (const name of Object.keys(responseHeaders))
      if (name.toLowerCase().startsWith('access-control-')) delete responseHeaders[name];
    responseHeaders['vary'] = withVaryOrigin(responseHeaders['vary']);
    const allowed = allowedOrigin(this.spec.origins, this.credentials, firstValue(requestHeaders['origin']));
    if (allowed === undefined) return;
    responseHeaders['access-control-allow-origin'] = allowed;
    if (this.credentials) responseHeaders['access-control-allow-credentials'] = 'true';
    if (this.expose !== undefined) responseHeaders['access-control-expose-headers'] = this.expose;
  }
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The existing `Vary` with `Origin` added once (answers differ per origin; caches must know). */
function withVaryOrigin(existing: string | string[] | undefined): string {
  const tokens = (Array.isArray(existing) ? existing.join(',') : (existing ?? ''))
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '');
  if (tokens.includes('*') || tokens.some((token) => token.toLowerCase() === 'origin'))
    return tokens.join(', ');
  return [...tokens, 'Origin'].join(', ');
}
