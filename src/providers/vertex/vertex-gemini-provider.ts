import { GatewayError } from '../../core/gateway-error.js';
import { fromGeminiResponse } from '../gemini-shape/from-gemini-response.js';
import { geminiErrorDetail } from '../gemini-shape/gemini-error-detail.js';
import { toGeminiPassthrough } from '../gemini-shape/gemini-passthrough.js';
import { GeminiStreamDecoder } from '../gemini-shape/gemini-stream-decoder.js';
import { toGeminiRequest } from '../gemini-shape/to-gemini-request.js';
import type { Provider, ProviderSettings, ProviderType, UpstreamRequest } from '../provider.js';
import { toVertexCountTokensBody } from './vertex-count-tokens-body.js';
import { vertexCredentials, vertexHeaders } from './vertex-credentials.js';
import { readVertexEmbeddings, toVertexEmbeddingsBody } from './vertex-embeddings.js';
import { checkVertexCloud, vertexBaseUrl } from './vertex-location.js';
import { vertexModelUrl, type VertexMethod } from './vertex-model-url.js';

/**
 * Gemini on Vertex AI: the Gemini translator's bodies, responses and streams, sent to the
 * project's `publishers/google` models with an OAuth token instead of an AI Studio key.
 * https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
 */
export function createVertexGeminiProvider(settings: ProviderSettings): Provider {
  const post = (
    model: string,
    method: VertexMethod,
    body: object,
    warnings: string[] = [],
  ): UpstreamRequest => ({
    method: 'POST',
    url: vertexModelUrl(settings.baseUrl, settings.cloud, 'google', model, method),
    headers: vertexHeaders(settings),
    body: JSON.stringify(body),
    ...(warnings.length === 0 ? {} : { warnings }),
  });
  return {
    settings,
    dialect: 'gemini',
    credentials: vertexCredentials(settings),
    chatRequest(request) {
      const { body, warnings } = toGeminiRequest(request);
      return post(
        request.model,
        request.stream ? 'streamGenerateContent' : 'generateContent',
        body,
        warnings,
      );
    },
    chatResponse: (body, request) => fromGeminiResponse(body, request.model),
    chatStreamDecoder: (request) => new GeminiStreamDecoder(settings.id, request.model),
    passthroughRequest(operation, body, target) {
      // Vertex embeds through `:predict`, whose body is not Gemini's `batchEmbedContents`.
      if (operation === 'embeddings') {
        throw new GatewayError(
          'invalid_request',
          `Provider ${settings.id} takes embeddings in OpenAI's format only.`,
          {
            param: 'model',
          },
        );
      }
      if (operation === 'count-tokens')
        return post(target.model, 'countTokens', toVertexCountTokensBody(body));
      const call = toGeminiPassthrough(operation, body, target);
      return post(target.model, call.method, call.body);
    },
    embeddingsRequest(request) {
      const warnings = request.user === undefined ? [] : ['user is not supported by vertex; ignored'];
      return post(request.model, 'predict', toVertexEmbeddingsBody(request), warnings);
    },
    embeddingsResponse: readVertexEmbeddings,
    errorDetail: geminiErrorDetail,
  };
}

/** Google Gemini through Vertex AI, authenticated with a service-account key. */
export const vertexGeminiProviderType: ProviderType = {
  name: 'vertex',
  label: 'Google Vertex AI (Gemini)',
  requiresApiKey: false,
  baseUrlFor: vertexBaseUrl,
  checkCloud: checkVertexCloud,
  create: createVertexGeminiProvider,
};
