import type { JsonObject, JsonValue } from '../core/chat.js';
import { isJsonObject } from '../core/json-guards.js';
import { resolveLocalRef } from './resolve-local-ref.js';

/**
 * `schema` as the root of a small document holding only what its `$ref`s reach, each at its
 * own pointer (`#/components/schemas/Pet`), so the refs resolve unchanged. Compiling against
 * the whole document instead costs its full size for every operation: a thousand operations
 * over a thousand schemas took tens of seconds.
 */
export function schemaRoot(converted: JsonObject, schema: JsonValue): JsonObject {
  const reached = new Map<string, JsonValue>();
  const pending: JsonValue[] = [schema];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const children = Array.isArray(node) ? node : isJsonObject(node) ? Object.values(node) : [];
    for (const child of children) pending.push(child);
    const ref = isJsonObject(node) ? node['$ref'] : undefined;
    if (typeof ref !== 'string' || !ref.startsWith('#/') || reached.has(ref)) continue;
    const target = resolveLocalRef(converted, ref);
    reached.set(ref, target);
    pending.push(target);
  }
  const root: JsonObject = {};
  const placed: string[] = [];
  // Shorter pointers first: a schema placed whole already holds the refs that point inside it.
  for (const [ref, target] of [...reached].sort(([a], [b]) => a.length - b.length)) {
    if (placed.some((outer) => ref.startsWith(`${outer}/`))) continue;
    place(root, ref.slice(2).split('/'), target);
    placed.push(ref);
  }
  root['allOf'] = [schema];
  return root;
}

function place(root: JsonObject, segments: readonly string[], value: JsonValue): void {
  let node = root;
  const keys = segments.map((raw) => decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~'));
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (isJsonObject(next)) node = next;
    else node = node[key] = {};
  }
  const last = keys.at(-1);
  if (last !== undefined) node[last] = value;
}
