import type { IncomingHttpHeaders } from 'node:http';
import type { HttpServiceSpec } from '../../config/http-service-schema.js';
import { allowedOrigin } from '../../pipeline/respond/allowed-origin.js';

type CorsSpec = NonNullable<HttpServiceSpec['cors']>;

const everyMethod = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/** A browser preflight answered by the gateway itself; the upstream is never called for it. */
export interface CorsPreflight {
  status: 204;
  headers: Record<string, string>;
}

/** The CORS policy of one REST service (its `cors` settings). */
export interface ServiceCors {
  /**
   * The answer to a browser preflight (`OPTIONS` with `Access-Control-Request-Method`), or
   * undefined for any other request (a plain OPTIONS goes to the upstream like other methods).
   * An origin the service does not allow gets a 204 without `Access-Control-Allow-Origin`, so the
   * browser refuses the call without learning more.
   */
  preflight(method: string, headers: IncomingHttpHeaders): CorsPreflight | undefined;
  /**
   * Marks an actual answer (upstream reply or gateway error) in place: the allowed origin,
   * credentials and exposed headers, `Vary: Origin` merged into the upstream's own `Vary`. The
   * service's policy replaces any CORS headers the upstream sent, so a browser sees one policy.
   */
  decorate(responseHeaders: Record<string, string | string[]>, requestHeaders: IncomingHttpHeaders): void;
}

/** The policy for `spec.cors`; undefined when the service has none (the upstream's headers pass). */
export function createServiceCors(cors: CorsSpec | undefined): ServiceCors | undefined {
  if (cors === undefined) return undefined;
  const credentials = cors.credentials === true;
  const methods = cors.methods?.join(', ') ?? everyMethod;
  const allowHeaders = cors.headers?.join(', ');
  const expose = cors.expose_headers?.join(', ');
  return {
    preflight(method, headers) {
      const requested = firstValue(headers['access-control-request-method']);
      if (method !== 'OPTIONS' || requested === undefined) return undefined;
      const answer: Record<string, string> = {
        vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      };
      const allowed = allowedOrigin(cors.origins, credentials, firstValue(headers['origin']));
      if (allowed === undefined) return { status: 204, headers: answer };
      answer['access-control-allow-origin'] = allowed;
      answer['access-control-allow-methods'] = methods;
      // Without a configured list, the headers the browser asks for are allowed (as Kong does).
      const asked = firstValue(headers['access-control-request-headers']);
      const headerList = allowHeaders ?? asked;
      if (headerList !== undefined && headerList !== '') answer['access-control-allow-headers'] = headerList;
      if (cors.max_age_s !== undefined) answer['access-control-max-age'] = String(cors.max_age_s);
      if (credentials) answer['access-control-allow-credentials'] = 'true';
      return { status: 204, headers: answer };
    },
    decorate(responseHeaders, requestHeaders) {
      for (const name of Object.keys(responseHeaders))
        if (name.toLowerCase().startsWith('access-control-')) delete responseHeaders[name];
      responseHeaders['vary'] = withVaryOrigin(responseHeaders['vary']);
      const allowed = allowedOrigin(cors.origins, credentials, firstValue(requestHeaders['origin']));
      if (allowed === undefined) return;
      responseHeaders['access-control-allow-origin'] = allowed;
      if (credentials) responseHeaders['access-control-allow-credentials'] = 'true';
      if (expose !== undefined) responseHeaders['access-control-expose-headers'] = expose;
    },
  };
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The upstream's `Vary` with `Origin` added once (answers differ per origin, caches must know). */
function withVaryOrigin(existing: string | string[] | undefined): string {
  const tokens = (Array.isArray(existing) ? existing.join(',') : (existing ?? ''))
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '');
  if (tokens.includes('*') || tokens.some((token) => token.toLowerCase() === 'origin'))
    return tokens.join(', ');
  return [...tokens, 'Origin'].join(', ');
}
