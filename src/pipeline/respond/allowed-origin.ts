/**
 * The `Access-Control-Allow-Origin` value for a request's `Origin`, or undefined when the origin
 * is not allowed: `*` in the list allows any origin; with credentials browsers refuse `*`, so the
 * origin itself is echoed. The opaque origin `null` (sandboxed frames, file: pages) is only
 * echoed when listed by name, as `*` with credentials would otherwise trust any sandboxed page.
 * Shared by the server's, the model routes' and the REST services' CORS.
 */
export function allowedOrigin(
  origins: readonly string[],
  credentials: boolean,
  origin: string | undefined,
): string | undefined {
  if (origin === undefined) return undefined;
  if (origins.includes(origin)) return origin;
  if (!origins.includes('*')) return undefined;
  if (!credentials) return '*';
  return origin === 'null' ? undefined : origin;
}
