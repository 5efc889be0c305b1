/** The tokens of a `rewrite_path` template: `:name` (a route parameter) or `*` (a wildcard's rest). */
export const rewriteTokenPattern = /:([A-Za-z0-9_]+)|\*/g;

/**
 * The first token of a `rewrite_path` template that the route path does not capture (a
 * `:name` it has no parameter of that name for, or `*` without a wildcard); undefined when it
 * captures them all. Checked when a service is saved, so the data plane never meets one.
 */
export function uncapturedRewriteToken(template: string, routePath: string): string | undefined {
  const captured = new Set<string>();
  for (const match of routePath.matchAll(/:([A-Za-z0-9_]+)/g)) captured.add(`:${match[1] ?? ''}`);
  if (routePath.includes('*')) captured.add('*');
  for (const match of template.matchAll(rewriteTokenPattern)) {
    if (!captured.has(match[0])) return match[0];
  }
  return undefined;
}
