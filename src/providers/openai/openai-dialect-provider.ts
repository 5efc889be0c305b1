import type { EmbeddingsRequest, EmbeddingsResponse, JsonObject } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { arrayOrEmpty, isJsonObject, optionalNumber, optionalString } from '../../core/json-guards.js';
import type { Provider, ProviderSettings, UpstreamRequest } from '../provider.js';
import { fromOpenAiResponse } from './from-openai-response.js';
import { openAiErrorDetail } from './openai-error-detail.js';
import { OpenAiStreamDecoder } from './openai-stream-decoder.js';
import { toOpenAiRequest } from './to-openai-request.js';

/** How one OpenAI-dialect vendor differs from OpenAI itself. Presets are data of this shape. */
export interface OpenAiWire {
  /** Absolute URL of an operation for an upstream model (Azure puts the deployment in the path). */
  url(operation: 'chat' | 'embeddings', model: string): string;
  /** Authentication and fixed headers. */
  headers(): Record<string, string>;
  /** Whether the vendor accepts `stream_options.include_usage` (usage is then read from the stream). */
  streamUsage: boolean;
}

/** A provider for any upstream speaking the OpenAI wire format; vendors differ only in `wire`. */
export function createOpenAiDialectProvider(settings: ProviderSettings, wire: OpenAiWire): Provider {
  const post = (operation: 'chat' | 'embeddings', model: string, body: JsonObject): UpstreamRequest => ({
    method: 'POST',
    url: wire.url(operation, model),
    headers: { 'content-type': 'application/json', ...wire.headers() },
    body: JSON.stringify(body),
  });
  return {
    settings,
    dialect: 'openai-chat',
    chatRequest(request) {
      const upstream = post('chat', request.model, toOpenAiRequest(request, wire.streamUsage));
      const foreign = request.extraSource === 'openai-chat' ? [] : Object.keys(request.extra ?? {});
      if (foreign.length === 0) return upstream;
      return { ...upstream, warnings: [`${foreign.join(', ')} not supported by ${settings.id}; ignored`] };
    },
    chatResponse: (body, request) => fromOpenAiResponse(body, request.model),
    chatStreamDecoder: () => new OpenAiStreamDecoder(settings.id),
    passthroughRequest(operation, body, target) {
      if (operation === 'count-tokens') {
        throw new GatewayError('invalid_request', `Provider ${settings.id} cannot count tokens.`, {
          param: 'model',
        });
      }
      if (operation === 'chat' && target.stream && wire.streamUsage) {
        const options = isJsonObject(body['stream_options']) ? body['stream_options'] : {};
        body = { ...body, stream_options: { ...options, include_usage: true } };
      }
      return post(operation, target.model, body);
    },
    embeddingsRequest: (request) => post('embeddings', request.model, toOpenAiEmbeddingsBody(request)),
    embeddingsResponse: readOpenAiEmbeddings,
    errorDetail: openAiErrorDetail,
  };
}

function toOpenAiEmbeddingsBody(request: EmbeddingsRequest): JsonObject {
  return {
    model: request.model,
    input: request.input,
    ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
    ...(request.encodingFormat === undefined ? {} : { encoding_format: request.encodingFormat }),
    ...(request.user === undefined ? {} : { user: request.user }),
  };
}

function readOpenAiEmbeddings(body: unknown): EmbeddingsResponse {
  if (!isJsonObject(body) || !Array.isArray(body['data'])) {
    throw new GatewayError('upstream_bad_response', 'The provider embeddings response has no `data` array.');
  }
  const usage = isJsonObject(body['usage']) ? body['usage'] : {};
  return {
    model: optionalString(body['model']) ?? '',
    embeddings: body['data'].map((item) =>
      isJsonObject(item)
        ? arrayOrEmpty(item['embedding']).filter((n): n is number => typeof n === 'number')
        : [],
    ),
    usage: {
      inputTokens: optionalNumber(usage['prompt_tokens']) ?? 0,
      totalTokens: optionalNumber(usage['total_tokens']) ?? 0,
    },
  };
}
