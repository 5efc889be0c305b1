import type { IncomingHttpHeaders } from 'node:http';
import type { JsonObject } from '../core/chat.js';
import { isJsonObject, optionalString } from '../core/json-guards.js';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import {
  compileOperation,
  operationSchemas,
  type CompileContext,
  type OperationCheck,
} from './compile-operation.js';
import { schemaRoot } from './schema-root.js';
import { convertSchema } from './convert-schema.js';
import { listOperations, type OpenApiOperation } from './list-operations.js';

/** Checks one request against the operation the document declares for it. */
export interface RequestValidator {
  /**
   * Problems with the request, each naming where (`query.limit must be <= 100`); [] = valid.
   * `pathTemplate` is the route path in find-my-way syntax below the base path (`/pet/:petId`,
   * as importOpenApi wrote it) and `params` the router's parameters by route name; an operation
   * the document does not declare is not validated. `body` is the parsed JSON body, absent when
   * the request has none or it is not JSON.
   */
  validate(request: {
    method: string;
    pathTemplate: string;
    params: Record<string, string>;
    query: URLSearchParams;
    headers: IncomingHttpHeaders;
    body?: unknown;
  }): string[];
}

// Compiling is the expensive part: once per document object and operation, never per request.
const cache = new WeakMap<JsonObject, RequestValidator>();

/**
 * The validator of a document, cached per document object. Each operation's schemas are
 * compiled the first time a request needs them (a service with hundreds of operations does not
 * pay for all of them at every snapshot reload), then reused. Throws OpenApiError on a document
 * whose operations cannot be read; importOpenApi has already compiled every schema once.
 */
export function createRequestValidator(document: JsonObject): RequestValidator {
  const cached = cache.get(document);
  if (cached !== undefined) return cached;
  const validator = compileLazily(document);
  cache.set(document, validator);
  return validator;
}

/** Schemas compiled together by checkSchemasCompile: few compiles, none deep enough to hit the stack. */
const schemasPerCompile = 64;

/**
 * Compiles every schema the operations use: importOpenApi refuses a document whose schemas do
 * not compile. Schemas are compiled in batches, each with only what its `$ref`s reach, so the
 * work follows the document's size rather than its operations times its size.
 */
export function checkSchemasCompile(document: JsonObject): void {
  const version = documentVersion(document);
  const converted = convertDocument(document, version);
  const schemas = listOperations(document).flatMap((entry) =>
    operationSchemas(document, entry).map((schema) => convertSchema(schema, version)),
  );
  for (let start = 0; start < schemas.length; start += schemasPerCompile) {
    const batch = schemas.slice(start, start + schemasPerCompile);
    Compile(schemaRoot(converted, { anyOf: batch }) as unknown as TSchema);
  }
}

function documentVersion(document: JsonObject): '3.0' | '3.1' {
  return optionalString(document['openapi'])?.startsWith('3.0') === true ? '3.0' : '3.1';
}

function convertDocument(document: JsonObject, version: '3.0' | '3.1'): JsonObject {
  const converted = convertSchema(document, version);
  return isJsonObject(converted) ? converted : document;
}

function compileLazily(document: JsonObject): RequestValidator {
  const version = documentVersion(document);
  const context: CompileContext = {
    document,
    version,
    converted: convertDocument(document, version),
  };
  const entries = new Map<string, OpenApiOperation>();
  for (const entry of listOperations(document)) entries.set(`${entry.method} ${entry.route.path}`, entry);
  const checks = new Map<string, OperationCheck>();
  const check = (key: string): OperationCheck | undefined => {
    const known = checks.get(key);
    if (known !== undefined) return known;
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    const made = compileOperation(context, entry);
    checks.set(key, made);
    return made;
  };
  return {
    validate(request) {
      const method = request.method.toUpperCase();
      const operation =
        check(`${method} ${request.pathTemplate}`) ??
        (method === 'HEAD' ? check(`GET ${request.pathTemplate}`) : undefined);
      return operation === undefined ? [] : operation(request);
    },
  };
}
