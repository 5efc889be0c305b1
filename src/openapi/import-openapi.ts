import type { JsonObject } from '../core/chat.js';
import type { HttpServiceSpec } from '../config/http-service-schema.js';
import { OpenApiError } from './openapi-error.js';

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

/** Reads an OpenAPI 3.0.x/3.1.x document (JSON or YAML); throws OpenApiError with a clear message. */
export function importOpenApi(
  text: string,
  options: { name?: string; basePath?: string; upstreamUrl?: string },
): ImportedService {
  void text;
  void options;
  throw new OpenApiError('OpenAPI import is not implemented yet');
}
