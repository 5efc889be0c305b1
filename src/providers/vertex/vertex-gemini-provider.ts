import { GatewayError } from '../../core/gateway-error.js';
import { geminiErrorDetail } from '../gemini-shape/gemini-error-detail.js';
import { geminiShapeChat, postGeminiPassthrough } from '../gemini-shape/gemini-shape-chat.js';
import { postJson } from '../post-json.js';
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
  const post = (model: string, method: VertexMethod, body: object, warnings?: string[]): UpstreamRequest =>
    postJson(
      vertexModelUrl(settings.baseUrl, settings.cloud, 'google', model, method),
      vertexHeaders(settings),
      body,
      warnings,
    );
  return {
    settings,
    credentials: vertexCredentials(settings),
    ...geminiShapeChat(settings.id, post),
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
      return postGeminiPassthrough(post, operation, body, target);
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
