import type { FastifyRequest } from 'fastify';
import { AdminError } from './admin-error.js';

/** Methods that change something: the ones a cross-site page must not make with our cookie. */
const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses (403 `forbidden`) a write that a browser made from another origin: `Origin` present and
 * neither the admin API's own origin nor one of `allowedOrigins`, or, without `Origin`,
 * `Sec-Fetch-Site: cross-site | same-site`. SameSite=Strict keeps other sites' pages from sending
 * the session cookie, but not other origins of the same site (another port, a sibling host).
 * Call it for cookie-authenticated and anonymous requests; bearer tokens are not ambient.
 */
export function checkCrossSiteWrite(request: FastifyRequest, allowedOrigins: ReadonlySet<string>): void {
  if (!writeMethods.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const normalized = origin.toLowerCase();
    const own = `${request.protocol}://${request.host}`.toLowerCase();
    if (normalized === own || allowedOrigins.has(normalized)) return;
    throw new AdminError(
      'forbidden',
      `Cross-origin write refused: Origin ${origin} is not this admin API (${own}) nor in control_plane.allowed_origins.`,
    );
  }
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    throw new AdminError('forbidden', `Cross-origin write refused (Sec-Fetch-Site: ${site}).`);
  }
}

/**
 * Refuses (415 `unsupported_media_type`) a write whose body is not `application/json`: HTML forms
 * and `text/plain` are what a cross-site page can send without a preflight. Writes without a body
 * (no Content-Type, no length) pass.
 */
export function checkJsonContentType(request: FastifyRequest): void {
  if (!writeMethods.has(request.method)) return;
  const type = request.headers['content-type'];
  const length = request.headers['content-length'];
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (type === undefined && !hasBody) return;
  const mediaType = type?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return;
  throw new AdminError(
    'unsupported_media_type',
    `The admin API takes JSON bodies: send Content-Type: application/json (got ${type ?? 'none'}).`,
  );
}
