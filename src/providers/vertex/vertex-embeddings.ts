import type { EmbeddingsRequest, EmbeddingsResponse, JsonObject } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { arrayOrEmpty, isJsonObject, optionalNumber } from '../../core/json-guards.js';

/**
 * Canonical embeddings request → body of a text-embedding model's `:predict`.
 * https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api
 */
export function toVertexEmbeddingsBody(request: EmbeddingsRequest): JsonObject {
  return {
    instances: request.input.map((content) => ({ content })),
    ...(request.dimensions === undefined ? {} : { parameters: { outputDimensionality: request.dimensions } }),
  };
}

/**
 * `:predict` response → canonical embeddings: `predictions[].embeddings.values`, with usage summed
 * from each prediction's `statistics.token_count`. The model is left for the caller to fill.
 */
export function readVertexEmbeddings(body: unknown): EmbeddingsResponse {
  if (!isJsonObject(body) || !Array.isArray(body['predictions'])) {
    throw new GatewayError(
      'upstream_bad_response',
      'The Vertex AI embeddings response has no `predictions`.',
    );
  }
  let tokens = 0;
  const embeddings = body['predictions'].map((prediction) => {
    const embedding = isJsonObject(prediction) ? prediction['embeddings'] : undefined;
    if (!isJsonObject(embedding)) return [];
    const statistics = embedding['statistics'];
    tokens += isJsonObject(statistics) ? (optionalNumber(statistics['token_count']) ?? 0) : 0;
    return arrayOrEmpty(embedding['values']).filter((value): value is number => typeof value === 'number');
  });
  return { model: '', embeddings, usage: { inputTokens: tokens, totalTokens: tokens } };
}
