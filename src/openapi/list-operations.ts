import type { JsonObject, JsonValue } from '../core/chat.js';
import { isJsonObject } from '../core/json-guards.js';
import { OpenApiError } from './openapi-error.js';
import { dereference } from './resolve-local-ref.js';
import { toRoutePath, type RoutePath } from './to-route-path.js';

/** The HTTP methods a route can carry (TRACE operations are left out: routes do not take TRACE). */
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** One parameter after `$ref`s are resolved and path-level ones merged in. */
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** JSON Schema of the value (from `schema`, or the first `content` entry's schema). */
  schema: JsonValue | undefined;
  /** True when the value is JSON text (`content: {application/json: ...}`) rather than a styled string. */
  json: boolean;
  style: string | undefined;
  explode: boolean | undefined;
}

/** One operation of the document, placed on its route. */
export interface OpenApiOperation {
  /** Upper case, e.g. `GET`. */
  method: string;
  /** The document's path template, e.g. `/pet/{petId}`. */
  openApiPath: string;
  route: RoutePath;
  operation: JsonObject;
  parameters: OpenApiParameter[];
}

/** Every operation under `paths`, with its parameters merged (the operation's win by name and place). */
export function listOperations(document: JsonObject): OpenApiOperation[] {
  const paths = document['paths'];
  if (paths === undefined) return [];
  if (!isJsonObject(paths)) throw new OpenApiError("'paths' is not an object");
  const operations: OpenApiOperation[] = [];
  for (const [openApiPath, rawItem] of Object.entries(paths)) {
    const item = dereference(document, rawItem);
    if (!isJsonObject(item)) throw new OpenApiError(`paths.${openApiPath} is not an object`);
    const route = toRoutePath(openApiPath);
    const shared = readParameters(document, item['parameters'], `paths.${openApiPath}.parameters`);
    for (const method of methods) {
      const operation = item[method];
      if (operation === undefined) continue;
      const where = `paths.${openApiPath}.${method}`;
      if (!isJsonObject(operation)) throw new OpenApiError(`${where} is not an object`);
      const own = readParameters(document, operation['parameters'], `${where}.parameters`);
      const parameters = mergeParameters(shared, own);
      checkPathParameters(route, parameters, where);
      operations.push({ method: method.toUpperCase(), openApiPath, route, operation, parameters });
    }
  }
  return operations;
}

function readParameters(
  document: JsonObject,
  value: JsonValue | undefined,
  where: string,
): OpenApiParameter[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new OpenApiError(`${where} is not a list`);
  return value.map((raw, index) => {
    const parameter = dereference(document, raw);
    const at = `${where}[${index}]`;
    if (!isJsonObject(parameter)) throw new OpenApiError(`${at} is not an object`);
    const { name, in: place } = parameter;
    if (typeof name !== 'string' || name === '') throw new OpenApiError(`${at} has no name`);
    if (place !== 'path' && place !== 'query' && place !== 'header' && place !== 'cookie') {
      throw new OpenApiError(`${at} ('${name}'): 'in' must be path, query, header or cookie`);
    }
    const content = parameter['content'];
    const firstContent = isJsonObject(content) ? Object.values(content)[0] : undefined;
    const style = parameter['style'];
    const explode = parameter['explode'];
    return {
      name,
      in: place,
      required: place === 'path' || parameter['required'] === true,
      schema: parameter['schema'] ?? (isJsonObject(firstContent) ? firstContent['schema'] : undefined),
      json: parameter['schema'] === undefined && firstContent !== undefined,
      style: typeof style === 'string' ? style : undefined,
      explode: typeof explode === 'boolean' ? explode : undefined,
    };
  });
}

function mergeParameters(shared: OpenApiParameter[], own: OpenApiParameter[]): OpenApiParameter[] {
  const key = (parameter: OpenApiParameter): string =>
    `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
  const ownKeys = new Set(own.map(key));
  return [...shared.filter((parameter) => !ownKeys.has(key(parameter))), ...own];
}

/** A path parameter the template has but the document does not declare is fine (a plain string). */
function checkPathParameters(route: RoutePath, parameters: OpenApiParameter[], where: string): void {
  const inTemplate = new Set(Object.values(route.params));
  for (const parameter of parameters) {
    if (parameter.in === 'path' && !inTemplate.has(parameter.name)) {
      throw new OpenApiError(`${where}: path parameter '${parameter.name}' is not in the path template`);
    }
  }
}
