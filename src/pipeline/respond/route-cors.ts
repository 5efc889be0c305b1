import type { RouteCors } from '../../config/portico-config.js';
import type { GatewayContext } from '../context/gateway-context.js';
import { allowedOrigin } from './allowed-origin.js';

/**
 * Sets the CORS headers of an answer from its route's own origins, replacing what `server.cors`
 * set before the route was known: an origin the route does not list gets no
 * `Access-Control-Allow-Origin`, so the browser refuses the answer.
 */
export function applyRouteCors(context: GatewayContext, cors: RouteCors): void {
  const headers = context.responseHeaders;
  const header = context.headers['origin'];
  const origin = Array.isArray(header) ? header[0] : header;
  delete headers['access-control-allow-origin'];
  delete headers['access-control-allow-credentials'];
  const allowed = allowedOrigin(cors.origins, cors.credentials, origin);
  if (allowed === undefined) return;
  headers['access-control-allow-origin'] = allowed;
  headers['vary'] = 'Origin';
  if (cors.credentials) headers['access-control-allow-credentials'] = 'true';
}
