import type { IncomingHttpHeaders } from 'node:http';

/** A route's header and query conditions, compiled once when the router is built. */
export interface RouteConditions {
  /** Lower-cased header name and the exact value it must have. */
  readonly headers: readonly (readonly [string, string])[];
  /** Query parameter name and the exact value it must have. */
  readonly query: readonly (readonly [string, string])[];
}

export function compileConditions(
  headers: Readonly<Record<string, string>> | undefined,
  query: Readonly<Record<string, string>> | undefined,
): RouteConditions | undefined {
  if (headers === undefined && query === undefined) return undefined;
  return {
    headers: Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value] as const),
    query: Object.entries(query ?? {}),
  };
}

/**
 * Whether a request meets a route's conditions. `parsedQuery` parses the raw query once per
 * request however many candidates ask for it.
 */
export function conditionsMet(
  conditions: RouteConditions,
  headers: IncomingHttpHeaders,
  parsedQuery: () => URLSearchParams,
): boolean {
  for (const [name, value] of conditions.headers) {
    const sent = headers[name];
    if (Array.isArray(sent) ? !sent.includes(value) : sent !== value) return false;
  }
  if (conditions.query.length === 0) return true;
  const query = parsedQuery();
  for (const [name, value] of conditions.query) {
    if (!query.getAll(name).includes(value)) return false;
  }
  return true;
}
