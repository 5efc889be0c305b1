import type { EmbeddingsRequest, EmbeddingsResponse, JsonObject, Usage } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';
import type {
  EmbeddingsCodec,
  EmbeddingsShape,
  ParsedEmbeddingsRequest,
} from '../../pipeline/dialect/embeddings-codec.js';
import { readOpenAiUsage } from '../../providers/openai/read-openai-usage.js';
import {
  embeddingsRequestValidator,
  type OpenAiEmbeddingsRequest,
} from '../openai-chat/chat-request-schema.js';
import { assertValid } from '../../core/schema-error.js';

/** Float vector → base64 of little-endian float32, as OpenAI's `encoding_format: base64`. */
function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/** OpenAI `/v1/embeddings`. */
export const openAiEmbeddingsCodec: EmbeddingsCodec = {
  name: 'openai-chat',
  parseRequest(body: unknown): ParsedEmbeddingsRequest {
    assertValid(embeddingsRequestValidator, body);
    const typed = body as OpenAiEmbeddingsRequest;
    const raw = body as JsonObject;
    return {
      routeName: typed.model,
      toCanonical(upstreamModel): EmbeddingsRequest | undefined {
        const input = typeof typed.input === 'string' ? [typed.input] : typed.input;
        if (!input.every((item): item is string => typeof item === 'string')) return undefined;
        return {
          model: upstreamModel,
          input,
          ...(typed.dimensions === undefined ? {} : { dimensions: typed.dimensions }),
          ...(typed.encoding_format === undefined ? {} : { encodingFormat: typed.encoding_format }),
          ...(typed.user === undefined ? {} : { user: typed.user }),
        };
      },
      passthroughBody: (upstreamModel) => ({ ...raw, model: upstreamModel }),
    };
  },
  encodeResponse(response: EmbeddingsResponse, request: EmbeddingsRequest): JsonObject {
    return {
      object: 'list',
      data: response.embeddings.map((vector, index) => ({
        object: 'embedding',
        index,
        embedding: request.encodingFormat === 'base64' ? toBase64(vector) : vector,
      })),
      model: response.model === '' ? request.model : response.model,
      usage: { prompt_tokens: response.usage.inputTokens, total_tokens: response.usage.totalTokens },
    };
  },
  usageFromResponse(body: unknown): Usage | undefined {
    return isJsonObject(body) ? readOpenAiUsage(body['usage']) : undefined;
  },
  shapeOfResponse(body: unknown): EmbeddingsShape | undefined {
    if (!isJsonObject(body) || !Array.isArray(body['data'])) return undefined;
    const first: unknown = body['data'][0];
    const vector = isJsonObject(first) ? first['embedding'] : undefined;
    // A base64 vector packs little-endian float32: four bytes a dimension.
    const dimensions = Array.isArray(vector)
      ? vector.length
      : typeof vector === 'string'
        ? Buffer.byteLength(vector, 'base64') / 4
        : 0;
    return { count: body['data'].length, dimensions };
  },
};
