import type { HttpTransformsSpec } from '../../config/http-service-schema.js';

/**
 * Applies a service's or route's header edits to `headers` (lower-case names) in place:
 * `remove` first, then `set` (replaces any value), then `add` (appends to a value already
 * there), so `remove: [x-a]` with `set: {x-a: ...}` sends the configured value only.
 * Used for request headers before the upstream and for response headers before the client.
 */
export function editHeaders(
  headers: Record<string, string | string[]>,
  edits: HttpTransformsSpec['request_headers'],
): void {
  if (edits === undefined) return;
  for (const name of edits.remove ?? []) delete headers[name.toLowerCase()];
  for (const [name, value] of Object.entries(edits.set ?? {})) headers[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(edits.add ?? {})) {
    const key = name.toLowerCase();
    const existing = headers[key];
    headers[key] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
}
