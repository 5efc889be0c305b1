import type { JsonObject, JsonValue } from '../core/chat.js';
import type { OpenApiParameter } from './list-operations.js';
import { schemaShape } from './schema-types.js';

const numberPattern = /^-?(?:\d+|\d*\.\d+)(?:[eE][+-]?\d+)?$/;

/** The parameter's JSON value, or a problem when its text cannot be read (JSON content). */
export type Coerced = { value: JsonValue } | { problem: string };

/**
 * Turns a parameter's text into the JSON value its schema describes: numbers and booleans from
 * their text, arrays from repeated query keys (form, explode: the default) or from a delimited
 * list (explode false, simple style for paths and headers). Text that does not read as the type
 * stays a string, so the schema check reports it ("must be integer").
 */
export function coerceParameter(
  document: JsonObject,
  parameter: OpenApiParameter,
  values: readonly string[],
): Coerced {
  const first = values[0] ?? '';
  if (parameter.json) {
    try {
      return { value: JSON.parse(first) as JsonValue };
    } catch {
      return { problem: 'must be JSON' };
    }
  }
  const shape = schemaShape(document, parameter.schema);
  if (!shape.types.has('array')) return { value: coerceScalar(first, shape.types) };
  const itemTypes = schemaShape(document, shape.items).types;
  return { value: arrayTexts(parameter, values).map((text) => coerceScalar(text, itemTypes)) };
}

function arrayTexts(parameter: OpenApiParameter, values: readonly string[]): string[] {
  const style =
    parameter.style ?? (parameter.in === 'query' || parameter.in === 'cookie' ? 'form' : 'simple');
  const explode = parameter.explode ?? style === 'form';
  if (style === 'form' && explode) return [...values];
  const separator = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
  const first = values[0] ?? '';
  return first === '' ? [] : first.split(separator);
}

function coerceScalar(text: string, types: ReadonlySet<string>): JsonValue {
  if (types.has('string') || types.size === 0) return text;
  if ((types.has('integer') || types.has('number')) && numberPattern.test(text)) return Number(text);
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.has('null') && (text === '' || text === 'null')) return null;
  return text;
}
