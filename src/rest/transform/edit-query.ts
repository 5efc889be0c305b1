import type { HttpTransformsSpec } from '../../config/http-service-schema.js';

/**
 * Applies query edits to a raw query string (without '?'), keeping every other parameter exactly
 * as the client encoded it. `remove` drops a parameter by name; `add` appends `name=value` after
 * dropping what the client sent under that name, so a consumer cannot override a value the
 * service configures (e.g. an api-version the upstream expects).
 */
export function editQuery(query: string, edits: HttpTransformsSpec['query']): string {
  if (edits === undefined) return query;
  const added = Object.entries(edits.add ?? {});
  const dropped = new Set([...(edits.remove ?? []), ...added.map(([name]) => name)]);
  const kept = query.split('&').filter((pair) => pair !== '' && !dropped.has(parameterName(pair)));
  for (const [name, value] of added) kept.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return kept.join('&');
}

/** The decoded name of one `name=value` pair (form encoding: '+' is a space). */
function parameterName(pair: string): string {
  const equals = pair.indexOf('=');
  const raw = (equals === -1 ? pair : pair.slice(0, equals)).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
