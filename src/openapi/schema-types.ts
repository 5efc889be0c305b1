import type { JsonObject, JsonValue } from '../core/chat.js';
import { isJsonObject } from '../core/json-guards.js';
import { dereference } from './resolve-local-ref.js';

/** What a schema says about the shape of a parameter value, enough to turn its text into JSON. */
export interface SchemaShape {
  /** JSON types the schema allows; empty when it does not say (then the text stays a string). */
  types: ReadonlySet<string>;
  /** The array's item schema, when the schema is an array. */
  items: JsonValue | undefined;
}

/** Reads `type` (3.0 string or 3.1 list), following `$ref`s and one level of allOf/anyOf/oneOf. */
export function schemaShape(document: JsonObject, schema: JsonValue | undefined): SchemaShape {
  const resolved = dereference(document, schema);
  const types = new Set<string>();
  let items: JsonValue | undefined;
  const visit = (node: JsonValue | undefined, depth: number): void => {
    const target = dereference(document, node);
    if (!isJsonObject(target)) return;
    const { type } = target;
    if (typeof type === 'string') types.add(type);
    if (Array.isArray(type)) for (const entry of type) if (typeof entry === 'string') types.add(entry);
    if (items === undefined && target['items'] !== undefined) items = target['items'];
    if (depth > 0) return;
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      const branches = target[key];
      if (Array.isArray(branches)) for (const branch of branches) visit(branch, depth + 1);
    }
  };
  visit(resolved, 0);
  if (types.size === 0 && isJsonObject(resolved) && Array.isArray(resolved['enum'])) {
    for (const value of resolved['enum']) types.add(typeof value === 'number' ? 'number' : typeof value);
  }
  return { types, items };
}
