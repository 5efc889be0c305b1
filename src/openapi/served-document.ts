import type { JsonObject } from '../core/chat.js';
import type { HttpAuthSpec } from '../config/http-service-schema.js';

/**
 * The document a published service serves: a copy whose `servers` is Portico's address and whose
 * security schemes are the service's consumer auth. The original is left untouched.
 */
export function servedDocument(
  document: JsonObject,
  options: { serverUrl: string; basePath: string; auth: HttpAuthSpec | undefined },
): JsonObject {
  return { ...document, servers: [{ url: options.serverUrl + options.basePath }] };
}
