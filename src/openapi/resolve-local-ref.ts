import type { JsonObject, JsonValue } from '../core/chat.js';
import { isJsonObject } from '../core/json-guards.js';
import { OpenApiError } from './openapi-error.js';

/** Longest chain of `$ref`s to `$ref`s followed; a longer one is a cycle or close enough. */
const maxRefHops = 32;

/**
 * The value a local `$ref` (`#/components/...`) points at. Remote references are never fetched:
 * an import must not make Portico call arbitrary URLs, so the document has to be bundled first.
 */
export function resolveLocalRef(document: JsonObject, ref: string): JsonValue {
  if (!ref.startsWith('#')) {
    throw new OpenApiError(
      `$ref '${ref}' points outside the document; remote references are not fetched: bundle the document into one file first`,
    );
  }
  let node: JsonValue = document;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    const next: JsonValue | undefined = Array.isArray(node)
      ? node[Number(key)]
      : isJsonObject(node)
        ? node[key]
        : undefined;
    if (next === undefined) throw new OpenApiError(`$ref '${ref}' points at nothing in the document`);
    node = next;
  }
  return node;
}

/** `value`, or what its `$ref` chain ends at (parameters, request bodies, path items). */
export function dereference(document: JsonObject, value: JsonValue | undefined): JsonValue | undefined {
  let node = value;
  for (let hop = 0; hop < maxRefHops; hop++) {
    if (!isJsonObject(node) || typeof node['$ref'] !== 'string') return node;
    node = resolveLocalRef(document, node['$ref']);
  }
  throw new OpenApiError(`$ref chain longer than ${maxRefHops} hops (a cycle?)`);
}
