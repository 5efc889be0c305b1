import type { EmbeddingsRequest, EmbeddingsResponse } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { arrayOrEmpty, isJsonObject, optionalNumber } from '../../core/json-guards.js';

/** The body of `POST /model/{titanModelId}/invoke`. */
export interface TitanEmbeddingsBody {
  inputText: string;
  /** Output size: 1024 (default), 512 or 256; V2 only. */
  dimensions?: number;
  /** Unit-length output; V2 only, where it is also the default. */
  normalize?: boolean;
}

/** Titan Embeddings G1 (`amazon.titan-embed-text-v1`, `amazon.titan-embed-g1-text-02`) takes `inputText` only. */
const firstGenerationPattern = /titan-embed-(text-v1|g1-)/;

/**
 * Canonical embeddings request → Titan Text Embeddings body. Titan embeds one text per call and
 * the provider contract builds one upstream call, so several inputs are refused rather than
 * silently cut. https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 */
export function toTitanEmbeddingsBody(request: EmbeddingsRequest): TitanEmbeddingsBody {
  const [inputText, ...rest] = request.input;
  if (inputText === undefined || rest.length > 0) {
    throw new GatewayError(
      'invalid_request',
      `Bedrock Titan embeddings take exactly one input per request; got ${request.input.length}.`,
      { param: 'input' },
    );
  }
  if (firstGenerationPattern.test(request.model)) {
    if (request.dimensions !== undefined) {
      throw new GatewayError('unsupported_parameter', `dimensions is not supported by ${request.model}.`, {
        param: 'dimensions',
      });
    }
    return { inputText };
  }
  return {
    inputText,
    ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
    normalize: true,
  };
}

/** Titan `{ embedding, inputTextTokenCount }` → canonical embeddings; the model is filled by the caller. */
export function readTitanEmbeddings(body: unknown): EmbeddingsResponse {
  if (!isJsonObject(body) || !Array.isArray(body['embedding'])) {
    throw new GatewayError(
      'upstream_bad_response',
      'The Titan embeddings response has no `embedding` array.',
    );
  }
  const tokens = optionalNumber(body['inputTextTokenCount']) ?? 0;
  return {
    model: '',
    embeddings: [
      arrayOrEmpty(body['embedding']).filter((value): value is number => typeof value === 'number'),
    ],
    usage: { inputTokens: tokens, totalTokens: tokens },
  };
}
