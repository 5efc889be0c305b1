import type { JsonObject } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';

/** The request fields Vertex's `countTokens` takes; it rejects fields it does not know. */
const countedFields = ['contents', 'systemInstruction', 'tools', 'generationConfig'];

/**
 * An AI Studio `countTokens` body in Vertex's shape: AI Studio may nest the whole request under
 * `generateContentRequest`, Vertex takes its fields at the top level.
 * https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/count-tokens
 */
export function toVertexCountTokensBody(body: JsonObject): JsonObject {
  const nested = body['generateContentRequest'];
  const source = isJsonObject(nested) ? nested : body;
  return Object.fromEntries(Object.entries(source).filter(([field]) => countedFields.includes(field)));
}
