import type { IncomingHttpHeaders } from 'node:http';
import { Compile } from 'typebox/compile';
import type { Validator } from 'typebox/compile';
import type { TSchema } from 'typebox';
import type { JsonObject, JsonValue } from '../core/chat.js';
import { isJsonObject } from '../core/json-guards.js';
import { allSchemaProblems, type SchemaIssue } from '../core/schema-error.js';
import { coerceParameter } from './coerce-parameter.js';
import { convertSchema } from './convert-schema.js';
import type { OpenApiOperation, OpenApiParameter } from './list-operations.js';
import type { OpenApiVersion } from './parse-openapi-text.js';
import { dereference } from './resolve-local-ref.js';
import { schemaRoot } from './schema-root.js';
import { schemaShape } from './schema-types.js';

/** What one request brings, in the shape RequestValidator.validate receives it. */
export interface RequestParts {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body?: unknown;
}

/** The document-wide context every operation's schemas are compiled in. */
export interface CompileContext {
  document: JsonObject;
  version: OpenApiVersion;
  /** The whole document with its schemas converted (convertSchema), once; `$ref`s resolve in it. */
  converted: JsonObject;
}

/** Checks one operation's parameters and JSON body; returns its problems. */
export type OperationCheck = (request: RequestParts) => string[];

type Place = 'path' | 'query' | 'header';
type SchemaValidator = Validator<Record<PropertyKey, TSchema>, TSchema>;

// The gateway reads these itself; OpenAPI says parameters of these names are ignored.
const ignoredHeaders = new Set(['accept', 'content-type', 'authorization']);

/** Compiles the checks of one operation (one validator per parameter place, one for the body). */
export function compileOperation(context: CompileContext, entry: OpenApiOperation): OperationCheck {
  const byPlace = (place: Place): OpenApiParameter[] =>
    entry.parameters.filter(
      (parameter) =>
        parameter.in === place &&
        !(place === 'header' && ignoredHeaders.has(parameter.name.toLowerCase())) &&
        !isStyledObject(context.document, parameter),
    );
  const routeNames = new Map(Object.entries(entry.route.params).map(([route, name]) => [name, route]));
  const places = (['path', 'query', 'header'] as const).flatMap((place) => {
    const parameters = byPlace(place);
    if (parameters.length === 0) return [];
    const root = wrap(context, placeSchema(parameters, place));
    return [{ place, parameters, validator: compile(root), root }];
  });
  const body = compileBody(context, entry.operation);
  return (request) => {
    const problems: string[] = [];
    for (const { place, parameters, validator, root } of places) {
      const values: JsonObject = {};
      for (const parameter of parameters) {
        const texts = readTexts(request, parameter, routeNames);
        const key = place === 'header' ? parameter.name.toLowerCase() : parameter.name;
        if (texts.length === 0) {
          if (parameter.required) problems.push(`${place}.${parameter.name} is required`);
          continue;
        }
        const coerced = coerceParameter(context.document, parameter, texts);
        if ('problem' in coerced) problems.push(`${place}.${parameter.name} ${coerced.problem}`);
        else values[key] = coerced.value;
      }
      if (!validator.Check(values)) problems.push(...describe(place, validator, values, root));
    }
    if (body !== undefined) problems.push(...body(request));
    return problems;
  };
}

/** Objects spread over several keys (`deepObject`, exploded form) are not read, so not checked. */
function isStyledObject(document: JsonObject, parameter: OpenApiParameter): boolean {
  return !parameter.json && schemaShape(document, parameter.schema).types.has('object');
}

function readTexts(
  request: RequestParts,
  parameter: OpenApiParameter,
  routeNames: Map<string, string>,
): string[] {
  if (parameter.in === 'query') return request.query.getAll(parameter.name);
  if (parameter.in === 'path') {
    const value = request.params[routeNames.get(parameter.name) ?? parameter.name];
    return value === undefined ? [] : [value];
  }
  const value = request.headers[parameter.name.toLowerCase()];
  if (value === undefined) return [];
  return Array.isArray(value) ? [value.join(', ')] : [value];
}

/** One object schema for a place: each parameter a property (header names in lower case). */
function placeSchema(parameters: readonly OpenApiParameter[], place: Place): JsonObject {
  const properties: JsonObject = {};
  for (const parameter of parameters) {
    if (parameter.schema === undefined) continue;
    properties[place === 'header' ? parameter.name.toLowerCase() : parameter.name] = parameter.schema;
  }
  return { type: 'object', properties };
}

/** The JSON Schemas one operation validates with (parameters and JSON body), as written. */
export function operationSchemas(document: JsonObject, entry: OpenApiOperation): JsonValue[] {
  const schemas: JsonValue[] = [];
  for (const parameter of entry.parameters) {
    if (parameter.schema !== undefined && !isStyledObject(document, parameter))
      schemas.push(parameter.schema);
  }
  const body = jsonBodySchema(document, entry.operation).schema;
  if (body !== undefined) schemas.push(body);
  return schemas;
}

function jsonBodySchema(
  document: JsonObject,
  operation: JsonObject,
): { requestBody: JsonObject | undefined; mediaTypes: string[]; schema: JsonValue | undefined } {
  const requestBody = dereference(document, operation['requestBody']);
  if (!isJsonObject(requestBody)) return { requestBody: undefined, mediaTypes: [], schema: undefined };
  const content = isJsonObject(requestBody['content']) ? requestBody['content'] : {};
  const mediaTypes = Object.keys(content);
  const jsonType = mediaTypes.find((type) => /^application\/(?:[\w.+-]+\+)?json\b/i.test(type));
  const jsonMedia = jsonType === undefined ? undefined : content[jsonType];
  return { requestBody, mediaTypes, schema: isJsonObject(jsonMedia) ? jsonMedia['schema'] : undefined };
}

function compileBody(context: CompileContext, operation: JsonObject): OperationCheck | undefined {
  const { requestBody, mediaTypes, schema } = jsonBodySchema(context.document, operation);
  if (requestBody === undefined) return undefined;
  const root = schema === undefined ? undefined : wrap(context, schema);
  const validator = root === undefined ? undefined : compile(root);
  const required = requestBody['required'] === true;
  return (request) => {
    if (!hasBody(request.headers)) return required ? ['body is required'] : [];
    const contentType =
      String(request.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim()
        .toLowerCase() ?? '';
    if (mediaTypes.length > 0 && !mediaTypes.some((type) => mediaTypeMatches(type, contentType))) {
      return [`body content type '${contentType}' is not one of ${mediaTypes.join(', ')}`];
    }
    if (validator === undefined || root === undefined || request.body === undefined) return [];
    if (!/^application\/(?:[\w.+-]+\+)?json$/.test(contentType)) return [];
    return validator.Check(request.body) ? [] : describe('body', validator, request.body, root);
  };
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function mediaTypeMatches(declared: string, actual: string): boolean {
  const [type, subtype] = declared.toLowerCase().split(';')[0]?.trim().split('/') ?? [];
  const [actualType, actualSubtype] = actual.split('/');
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
}

/** The converted schema as the root of a document holding what its `$ref`s point at. */
function wrap(context: CompileContext, schema: JsonValue): JsonObject {
  return schemaRoot(context.converted, convertSchema(schema, context.version));
}

function compile(root: JsonObject): SchemaValidator {
  return Compile<TSchema, SchemaValidator>(root as unknown as TSchema);
}

const maxProblemsPerPart = 10;

function describe(prefix: string, validator: SchemaValidator, value: unknown, root: JsonObject): string[] {
  const issues = [...validator.Errors(value)].map(nameAllowedValues);
  return allSchemaProblems(issues, root)
    .slice(0, maxProblemsPerPart)
    .map(
      ({ path, problem }) =>
        `${path === '' ? prefix : path.startsWith('[') ? prefix + path : `${prefix}.${path}`} ${problem}`,
    );
}

/** "must be equal to one of the allowed values" leaves the caller guessing; name them. */
function nameAllowedValues(issue: SchemaIssue): SchemaIssue {
  const allowed = (issue.params as { allowedValues?: unknown }).allowedValues;
  if (issue.keyword !== 'enum' || !Array.isArray(allowed)) return issue;
  return { ...issue, message: `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}` };
}
