import type { IncomingHttpHeaders } from 'node:http';
import type { JsonObject } from '../core/chat.js';
import { optionalString } from '../core/json-guards.js';
import { compileOperation, type OperationCheck } from './compile-operation.js';
import { convertSchema } from './convert-schema.js';
import { listOperations } from './list-operations.js';
import type { OpenApiVersion } from './parse-openapi-text.js';

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

// Compiling is the expensive part: once per document object, never per request.
const cache = new WeakMap<JsonObject, RequestValidator>();

/** Compiles the document's operations once (cached per document object); throws OpenApiError on a broken document. */
export function createRequestValidator(document: JsonObject): RequestValidator {
  const cached = cache.get(document);
  if (cached !== undefined) return cached;
  const version: OpenApiVersion =
    optionalString(document['openapi'])?.startsWith('3.0') === true ? '3.0' : '3.1';
  const context = { document, version, components: convertSchema(document['components'] ?? {}, version) };
  const checks = new Map<string, OperationCheck>();
  for (const entry of listOperations(document)) {
    checks.set(`${entry.method} ${entry.route.path}`, compileOperation(context, entry));
  }
  const validator: RequestValidator = {
    validate(request) {
      const method = request.method.toUpperCase();
      const check =
        checks.get(`${method} ${request.pathTemplate}`) ??
        (method === 'HEAD' ? checks.get(`GET ${request.pathTemplate}`) : undefined);
      return check === undefined ? [] : check(request);
    },
  };
  cache.set(document, validator);
  return validator;
}
