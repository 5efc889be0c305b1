import type { JsonObject, JsonValue } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';

// Counts that the Gemini API declares as int64 and therefore accepts as JSON strings.
const integerFields: ReadonlySet<string> = new Set([
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
]);

/**
 * Gemini's OpenAPI-subset `Schema` (upper-case `type`, `nullable`, int64 counts as strings) →
 * plain JSON Schema, as the other vendors' tool and response-format APIs expect.
 * https://ai.google.dev/api/caching#Schema
 */
export function geminiSchemaToJsonSchema(schema: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    switch (key) {
      case 'type':
        if (typeof value === 'string' && value !== 'TYPE_UNSPECIFIED') result['type'] = value.toLowerCase();
        break;
      case 'nullable':
      case 'propertyOrdering': // Gemini-only output ordering hint
        break;
      case 'example':
        result['examples'] = [value];
        break;
      case 'properties':
        result['properties'] = isJsonObject(value) ? mapValues(value) : value;
        break;
      case 'items':
        result['items'] = isJsonObject(value) ? geminiSchemaToJsonSchema(value) : value;
        break;
      case 'anyOf':
        result['anyOf'] = Array.isArray(value) ? value.map(convertValue) : value;
        break;
      default:
        result[key] = integerFields.has(key) ? toInteger(value) : value;
    }
  }
  if (schema['nullable'] === true) addNull(result);
  return result;
}

function mapValues(properties: JsonObject): JsonObject {
  const mapped: JsonObject = {};
  for (const [name, value] of Object.entries(properties)) mapped[name] = convertValue(value);
  return mapped;
}

function convertValue(value: JsonValue): JsonValue {
  return isJsonObject(value) ? geminiSchemaToJsonSchema(value) : value;
}

function toInteger(value: JsonValue): JsonValue {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return value;
  return Number(value);
}

/** `nullable: true` is a JSON Schema type union with `null`. */
function addNull(schema: JsonObject): void {
  const type = schema['type'];
  if (typeof type === 'string' && type !== 'null') schema['type'] = [type, 'null'];
}
