/**
 * The paths Portico's own data-plane endpoints answer (model APIs and probes), each with
 * everything below it. An HTTP service's base path may not equal, contain or sit under any of
 * them, so a REST service never shadows a model endpoint nor the other way round. The endpoint
 * groups of src/data-plane/ serve these paths; a new ingress dialect adds its prefix here too.
 */
export const modelEndpointPaths: readonly string[] = [
  // OpenAI, Anthropic and Gemini APIs with their version prefixes.
  '/v1',
  '/v1beta',
  // The same APIs for clients that drop `/v1` (src/data-plane/openai-endpoints.ts and peers).
  '/chat/completions',
  '/embeddings',
  '/models',
  '/responses',
  '/messages',
  // Probes and metrics.
  '/healthz',
  '/readyz',
  '/livez',
  '/metrics',
];

/** `path` without its trailing slash ('/' stays '/'). */
export function trimTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path;
}

/** Whether one path prefix equals the other or sits below it (segment-wise: `/ab` is not below `/a`). */
export function pathsOverlap(left: string, right: string): boolean {
  const a = trimTrailingSlash(left);
  const b = trimTrailingSlash(right);
  if (a === b || a === '/' || b === '/') return true;
  return a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
