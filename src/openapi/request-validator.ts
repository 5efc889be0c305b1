import type { IncomingHttpHeaders } from 'node:http';
import type { JsonObject } from '../core/chat.js';
import { optionalString } from '../core/json-guards.js';
import { compileOperation, type CompileContext, type OperationCheck } from './compile-operation.js';
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

interface Compiled {
  validator: RequestValidator;
  compileAll(): void;
}

// Compiling is the expensive part: once per document object and operation, never per request.
const cache = new WeakMap<JsonObject, Compiled>();

/**
 * The validator of a document, cached per document object. Each operation's schemas are
 * compiled the first time a request needs them (a service with hundreds of operations does not
 * pay for all of them at every snapshot reload), then reused. Throws OpenApiError on a document
 * whose operations cannot be read; importOpenApi has already compiled every schema once.
 */
export function createRequestValidator(document: JsonObject): RequestValidator {
  return compiled(document).validator;
}

/** Compiles every operation now: importOpenApi refuses a document whose schemas do not compile. */
export function compileEveryOperation(document: JsonObject): void {
  compiled(document).compileAll();
}

function compiled(document: JsonObject): Compiled {
  const cached = cache.get(document);
  if (cached !== undefined) return cached;
  const version = optionalString(document['openapi'])?.startsWith('3.0') === true ? '3.0' : '3.1';
  const context: CompileContext = {
    document,
    version,
    components: convertSchema(document['components'] ?? {}, version),
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
  const result: Compiled = {
    validator: {
      validate(request) {
        const method = request.method.toUpperCase();
        const operation =
          check(`${method} ${request.pathTemplate}`) ??
          (method === 'HEAD' ? check(`GET ${request.pathTemplate}`) : undefined);
        return operation === undefined ? [] : operation(request);
      },
    },
    compileAll() {
      for (const key of entries.keys()) check(key);
    },
  };
  cache.set(document, result);
  return result;
}
