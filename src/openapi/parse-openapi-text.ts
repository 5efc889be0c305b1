import { parseDocument } from 'yaml';
import type { JsonObject } from '../core/chat.js';
import { exceedsJsonDepth } from '../core/exceeds-json-depth.js';
import { isJsonObject } from '../core/json-guards.js';
import { OpenApiError } from './openapi-error.js';

/** Largest document accepted, in characters: real APIs stay far below; the cap bounds the work. */
export const maxDocumentChars = 5 * 1024 * 1024;
/** Deepest nesting accepted: recursive walkers would overflow the stack on deeper documents. */
const maxDepth = 256;

/** Which OpenAPI line a document follows; their schema dialects differ (3.0 `nullable` and so on). */
export type OpenApiVersion = '3.0' | '3.1';

export interface ParsedOpenApi {
  document: JsonObject;
  version: OpenApiVersion;
}

/** Parses JSON or YAML text into an OpenAPI 3.0.x/3.1.x document; refuses anything else clearly. */
export function parseOpenApiText(text: string): ParsedOpenApi {
  if (text.length > maxDocumentChars) {
    throw new OpenApiError(
      `the document is ${text.length} characters long; the most accepted is ${maxDocumentChars}`,
    );
  }
  const document = parseText(text);
  return { document, version: openApiVersion(document) };
}

function parseText(text: string): JsonObject {
  const trimmed = text.trimStart();
  if (trimmed === '') throw new OpenApiError('the document is empty');
  if (exceedsJsonDepth(text, maxDepth)) {
    throw new OpenApiError(`the document nests deeper than ${maxDepth} levels`);
  }
  const value = trimmed.startsWith('{') ? parseJson(text) : parseYaml(text);
  if (!isJsonObject(value)) throw new OpenApiError('the document is not a JSON or YAML object');
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new OpenApiError(`the document is not valid JSON: ${(error as Error).message}`);
  }
}

function parseYaml(text: string): unknown {
  // maxAliasCount (the yaml default, kept explicit) stops alias bombs from expanding.
  const parsed = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = parsed.errors[0];
  if (first !== undefined) {
    const line = first.linePos?.[0];
    const where = line === undefined ? '' : ` at line ${line.line}, column ${line.col}`;
    throw new OpenApiError(`the document is not valid YAML${where}: ${first.code}`);
  }
  try {
    return parsed.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    throw new OpenApiError(`the document could not be read as YAML: ${(error as Error).message}`);
  }
}

function openApiVersion(document: JsonObject): OpenApiVersion {
  const swagger = document['swagger'];
  if (swagger !== undefined) {
    throw new OpenApiError(
      `Swagger (OpenAPI 2.0) documents are not supported (this one says swagger: ${JSON.stringify(swagger)}): convert it to OpenAPI 3 first`,
    );
  }
  const openapi = document['openapi'];
  if (typeof openapi !== 'string') {
    throw new OpenApiError("the document has no 'openapi' version field: is it an OpenAPI 3 document?");
  }
  if (/^3\.0\.\d+$/.test(openapi)) return '3.0';
  if (/^3\.1\.\d+$/.test(openapi)) return '3.1';
  throw new OpenApiError(`OpenAPI ${openapi} is not supported: only 3.0.x and 3.1.x are`);
}
