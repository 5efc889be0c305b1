import type { EmbeddingsRequest, EmbeddingsResponse } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { arrayOrEmpty, isJsonObject, optionalNumber } from '../../core/json-guards.js';
import type { CohereEmbedRequest } from './cohere-wire.js';

/**
 * Canonical embeddings request → body of `POST /v2/embed`. OpenAI's API has no input type, so
 * inputs are embedded as documents, the type meant for what is stored and searched.
 * https://docs.cohere.com/reference/embed
 */
export function toCohereEmbeddingsBody(request: EmbeddingsRequest): CohereEmbedRequest {
  return {
    model: request.model,
    texts: request.input,
    input_type: 'search_document',
    embedding_types: ['float'],
    ...(request.dimensions === undefined ? {} : { output_dimension: request.dimensions }),
  };
}

/** `/v2/embed` response → canonical embeddings: `embeddings.float`, usage from `meta.billed_units`. */
export function readCohereEmbeddings(body: unknown): EmbeddingsResponse {
  const embeddings = isJsonObject(body) ? body['embeddings'] : undefined;
  if (!isJsonObject(body) || !isJsonObject(embeddings) || !Array.isArray(embeddings['float'])) {
    throw new GatewayError(
      'upstream_bad_response',
      'The Cohere embeddings response has no `embeddings.float`.',
    );
  }
  const meta = isJsonObject(body['meta']) ? body['meta'] : {};
  const billed = isJsonObject(meta['billed_units']) ? meta['billed_units'] : {};
  const tokens = optionalNumber(billed['input_tokens']) ?? 0;
  return {
    model: '',
    embeddings: embeddings['float'].map((vector) =>
      arrayOrEmpty(vector).filter((value): value is number => typeof value === 'number'),
    ),
    usage: { inputTokens: tokens, totalTokens: tokens },
  };
}
