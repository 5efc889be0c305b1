import type { JsonObject, JsonValue } from '../core/chat.js';
import { isJsonObject } from '../core/json-guards.js';
import { OpenApiError } from './openapi-error.js';
import { dereference } from './resolve-local-ref.js';

/** Most JSON values visited: YAML aliases share nodes, so the tree can be larger than the text. */
const maxNodes = 1_000_000;
/** Deepest nesting accepted; the schema walkers recurse, and this keeps them far from the stack's end. */
const maxDepth = 256;

/**
 * Refuses a document whose `$ref`s point outside it, at nothing, or round in a circle of bare
 * `$ref`s, before anything relies on them. Values are walked once per occurrence and never
 * through a `$ref` (recursive schemas cost nothing here); the value budget bounds documents
 * that YAML aliases blew up, the depth bound those nested too deep to walk.
 */
export function checkReferences(document: JsonObject): void {
  let visited = 0;
  const stack: { node: JsonValue; depth: number }[] = [{ node: document, depth: 0 }];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node, depth } = entry;
    if (++visited > maxNodes) {
      throw new OpenApiError(`the document has more than ${maxNodes} values; it is too large to import`);
    }
    if (depth > maxDepth) throw new OpenApiError(`the document nests deeper than ${maxDepth} levels`);
    if (isJsonObject(node) && typeof node['$ref'] === 'string') dereference(document, node);
    const children = Array.isArray(node) ? node : isJsonObject(node) ? Object.values(node) : [];
    for (const child of children) stack.push({ node: child, depth: depth + 1 });
  }
}
