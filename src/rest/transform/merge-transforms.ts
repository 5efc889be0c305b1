import type { HttpTransformsSpec } from '../../config/http-service-schema.js';

type HeaderEdits = NonNullable<HttpTransformsSpec['request_headers']>;
type QueryEdits = NonNullable<HttpTransformsSpec['query']>;

/**
 * The transformations one route applies: the service's, with the route's on top. Path settings of
 * the route replace the service's; header and query edits combine (the route's value wins for the
 * same name, removals add up).
 */
export function mergeTransforms(
  service: HttpTransformsSpec | undefined,
  route: HttpTransformsSpec | undefined,
): HttpTransformsSpec | undefined {
  if (service === undefined) return route;
  if (route === undefined) return service;
  const merged: HttpTransformsSpec = {};
  const strip = route.strip_base_path ?? service.strip_base_path;
  if (strip !== undefined) merged.strip_base_path = strip;
  const rewrite = route.rewrite_path ?? service.rewrite_path;
  if (rewrite !== undefined) merged.rewrite_path = rewrite;
  const requestHeaders = mergeHeaderEdits(service.request_headers, route.request_headers);
  if (requestHeaders !== undefined) merged.request_headers = requestHeaders;
  const responseHeaders = mergeHeaderEdits(service.response_headers, route.response_headers);
  if (responseHeaders !== undefined) merged.response_headers = responseHeaders;
  const query = mergeQueryEdits(service.query, route.query);
  if (query !== undefined) merged.query = query;
  return merged;
}

function mergeHeaderEdits(
  service: HeaderEdits | undefined,
  route: HeaderEdits | undefined,
): HeaderEdits | undefined {
  if (service === undefined) return route;
  if (route === undefined) return service;
  const merged: HeaderEdits = {};
  const add = mergeMaps(service.add, route.add, lowerCase);
  if (add !== undefined) merged.add = add;
  const set = mergeMaps(service.set, route.set, lowerCase);
  if (set !== undefined) merged.set = set;
  const remove = union(service.remove, route.remove, lowerCase);
  if (remove !== undefined) merged.remove = remove;
  return merged;
}

function mergeQueryEdits(
  service: QueryEdits | undefined,
  route: QueryEdits | undefined,
): QueryEdits | undefined {
  if (service === undefined) return route;
  if (route === undefined) return service;
  const merged: QueryEdits = {};
  // Query parameter names are case-sensitive, unlike header names.
  const add = mergeMaps(service.add, route.add, sameName);
  if (add !== undefined) merged.add = add;
  const remove = union(service.remove, route.remove, sameName);
  if (remove !== undefined) merged.remove = remove;
  return merged;
}

const lowerCase = (name: string): string => name.toLowerCase();
const sameName = (name: string): string => name;

/** The route's entry replaces the service's for the same name (as `key` folds it). */
function mergeMaps(
  service: Readonly<Record<string, string>> | undefined,
  route: Readonly<Record<string, string>> | undefined,
  key: (name: string) => string,
): Record<string, string> | undefined {
  if (service === undefined && route === undefined) return undefined;
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(service ?? {})) merged[key(name)] = value;
  for (const [name, value] of Object.entries(route ?? {})) merged[key(name)] = value;
  return merged;
}

function union(
  service: readonly string[] | undefined,
  route: readonly string[] | undefined,
  key: (name: string) => string,
): string[] | undefined {
  if (service === undefined && route === undefined) return undefined;
  return [...new Set([...(service ?? []), ...(route ?? [])].map(key))];
}
