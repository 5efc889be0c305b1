import type { EmbeddingsRequest, EmbeddingsResponse } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { arrayOrEmpty, isJsonObject } from '../../core/json-guards.js';
import { geminiModelName } from '../gemini-shape/gemini-model-name.js';
import type { GeminiBatchEmbedRequest } from '../gemini-shape/gemini-wire.js';

/**
 * Canonical embeddings request → body of `models/{model}:batchEmbedContents`: one embed request
 * per input, each naming the model again (Gemini requires it to match the URL).
 * https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */
export function toGeminiEmbeddingsBody(request: EmbeddingsRequest): GeminiBatchEmbedRequest {
  const model = geminiModelName(request.model);
  return {
    requests: request.input.map((text) => ({
      model,
      content: { parts: [{ text }] },
      ...(request.dimensions === undefined ? {} : { outputDimensionality: request.dimensions }),
    })),
  };
}

/**
 * `batchEmbedContents` response → canonical embeddings. Gemini reports no token usage, so usage
 * is zero; the model is left empty for the caller to fill from the request.
 */
export function readGeminiEmbeddings(body: unknown): EmbeddingsResponse {
  if (!isJsonObject(body) || !Array.isArray(body['embeddings'])) {
    throw new GatewayError(
      'upstream_bad_response',
      'The Gemini embeddings response has no `embeddings` array.',
    );
  }
  return {
    model: '',
    embeddings: body['embeddings'].map((item) =>
      isJsonObject(item)
        ? arrayOrEmpty(item['values']).filter((value): value is number => typeof value === 'number')
        : [],
    ),
    usage: { inputTokens: 0, totalTokens: 0 },
  };
}
