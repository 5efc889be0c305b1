/** Joins a base URL (with or without trailing slash) and a path starting with `/`. */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.endsWith('/') ? baseUrl.slice(0, -1) + path : baseUrl + path;
}
