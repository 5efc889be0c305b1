import { Compile } from 'typebox/compile';
import type { JsonObject } from '../core/chat.js';
import { firstSchemaProblem } from '../core/schema-error.js';
import { isJsonObject, optionalString } from '../core/json-guards.js';
import {
  httpServiceSpecSchema,
  type HttpRouteSpec,
  type HttpServiceSpec,
} from '../config/http-service-schema.js';
import { checkReferences } from './check-references.js';
import { firstServer } from './first-server.js';
import { listOperations, type OpenApiOperation } from './list-operations.js';
import { OpenApiError } from './openapi-error.js';
import { parseOpenApiText } from './parse-openapi-text.js';
import { checkSchemasCompile } from './request-validator.js';
import { slugifyName } from './slugify-name.js';

export { OpenApiError } from './openapi-error.js';

/** A service made from an OpenAPI document, ready for the admin API to store. */
export interface ImportedService {
  /** Service name: the option, else `info.title` slugified (lowercase, [a-z0-9-]). */
  name: string;
  /** `info.description` (else `info.summary`, else ''). */
  description: string;
  /** base_path, upstream and one route per path × operation. */
  spec: HttpServiceSpec;
  /** The whole parsed document, kept to serve it and to validate requests. */
  document: JsonObject;
}

const specValidator = Compile(httpServiceSpecSchema);

/**
 * Reads an OpenAPI 3.0.x/3.1.x document (JSON or YAML) into a service: one route per path ×
 * operation. Options win over the document: `basePath` over servers[0]'s path (else
 * `/<name>`), `upstreamUrl` (the URL under which the document's paths live) over servers[0]'s
 * absolute URL. Throws OpenApiError with a clear message; never fetches anything.
 */
export function importOpenApi(
  text: string,
  options: { name?: string; basePath?: string; upstreamUrl?: string },
): ImportedService {
  const { document } = parseOpenApiText(text);
  checkReferences(document);
  const info = isJsonObject(document['info']) ? document['info'] : {};
  const name = options.name ?? slugifyName(optionalString(info['title']) ?? '');
  if (name === '') throw new OpenApiError('info.title gives no usable name: pass name');
  const description = optionalString(info['description']) ?? optionalString(info['summary']) ?? '';
  const server = firstServer(document);
  const basePath = normalizeBasePath(options.basePath ?? (server?.path || `/${name}`));
  const upstreamUrl = options.upstreamUrl ?? server?.absoluteUrl;
  if (upstreamUrl === undefined) {
    throw new OpenApiError(
      server === undefined
        ? 'the document names no server: pass upstream_url (where the API answers)'
        : 'servers[0].url is relative, so the upstream is unknown: pass upstream_url (where the API answers)',
    );
  }
  const operations = listOperations(document);
  if (operations.length === 0) throw new OpenApiError("the document has no operations under 'paths'");
  const spec: HttpServiceSpec = {
    base_path: basePath,
    routes: toRoutes(operations),
    upstream: { nodes: [{ url: upstreamUrl.replace(/\/+$/, '') }] },
  };
  checkSpec(spec);
  try {
    checkSchemasCompile(document);
  } catch (error) {
    if (error instanceof OpenApiError) throw error;
    throw new OpenApiError(`the document's schemas cannot be compiled: ${(error as Error).message}`);
  }
  return { name, description, spec, document };
}

function normalizeBasePath(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
}

function toRoutes(operations: readonly OpenApiOperation[]): HttpRouteSpec[] {
  const seen = new Map<string, string>();
  return operations.map((entry) => {
    // Parameter names do not tell routes apart: /a/:x and /a/:y are one route to the router.
    const key = `${entry.method} ${entry.route.path.replace(/(?<!:):(?!:)\w+/g, ':')}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new OpenApiError(
        `paths '${earlier}' and '${entry.openApiPath}' both declare ${entry.method} on the same route ${entry.route.path}`,
      );
    }
    seen.set(key, entry.openApiPath);
    const operationId = optionalString(entry.operation['operationId']);
    const name = (operationId ?? `${entry.method} ${entry.openApiPath}`).slice(0, 128);
    return {
      name,
      methods: [entry.method as NonNullable<HttpRouteSpec['methods']>[number]],
      path: entry.route.path,
    };
  });
}

function checkSpec(spec: HttpServiceSpec): void {
  if (specValidator.Check(spec)) return;
  const { path, problem } = firstSchemaProblem(specValidator.Errors(spec), httpServiceSpecSchema);
  throw new OpenApiError(`the service made from the document is not valid: ${path} ${problem}`);
}
