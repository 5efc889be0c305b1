import type { JsonObject, JsonValue } from '../core/chat.js';
import { isJsonObject } from '../core/json-guards.js';
import type { OpenApiVersion } from './parse-openapi-text.js';

/**
 * A copy of an OpenAPI schema a JSON Schema 2020-12 validator reads the way the document meant it.
 * 3.1 schemas are JSON Schema already. 3.0 ones differ in two places: `nullable: true` (3.0's way
 * to allow null) and the boolean `exclusiveMinimum`/`exclusiveMaximum` of draft 4.
 * Every nested object is converted (properties, items, allOf...); `$ref`s are kept, never followed.
 */
export function convertSchema(value: JsonValue, version: OpenApiVersion): JsonValue {
  if (version === '3.1') return value;
  if (Array.isArray(value)) return value.map((item) => convertSchema(item, version));
  if (!isJsonObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, child] of Object.entries(value)) copy[key] = convertSchema(child, version);
  convertExclusiveBound(copy, 'exclusiveMinimum', 'minimum');
  convertExclusiveBound(copy, 'exclusiveMaximum', 'maximum');
  return copy['nullable'] === true ? allowNull(copy) : copy;
}

function convertExclusiveBound(schema: JsonObject, exclusive: string, bound: string): void {
  const flag = schema[exclusive];
  if (typeof flag !== 'boolean') return;
  if (flag && typeof schema[bound] === 'number') {
    schema[exclusive] = schema[bound];
    delete schema[bound];
  } else {
    delete schema[exclusive];
  }
}

function allowNull(schema: JsonObject): JsonValue {
  delete schema['nullable'];
  const { type, enum: allowed } = schema;
  if (Array.isArray(allowed) && !allowed.includes(null)) schema['enum'] = [...allowed, null];
  if (typeof type === 'string') {
    schema['type'] = [type, 'null'];
    return schema;
  }
  if (Array.isArray(type)) {
    if (!type.includes('null')) schema['type'] = [...type, 'null'];
    return schema;
  }
  // No type of its own (a $ref, allOf...): null is one more way to be valid.
  return { anyOf: [schema, { type: 'null' }] };
}
