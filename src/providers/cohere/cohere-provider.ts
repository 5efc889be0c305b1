import { joinUrl } from '../join-url.js';
import type { Provider, ProviderSettings, ProviderType, UpstreamRequest } from '../provider.js';
import { cohereErrorDetail } from './cohere-error-detail.js';
import { readCohereEmbeddings, toCohereEmbeddingsBody } from './cohere-embeddings.js';
import { CohereStreamDecoder } from './cohere-stream-decoder.js';
import { fromCohereResponse } from './from-cohere-response.js';
import { toCohereRequest } from './to-cohere-request.js';

/** A translator to Cohere's v2 API: `POST {base}/v2/chat` and `POST {base}/v2/embed`. */
export function createCohereProvider(settings: ProviderSettings): Provider {
  const post = (path: string, body: object, warnings: string[]): UpstreamRequest => ({
    method: 'POST',
    url: joinUrl(settings.baseUrl, path),
    headers: cohereHeaders(settings),
    body: JSON.stringify(body),
    ...(warnings.length === 0 ? {} : { warnings }),
  });
  return {
    settings,
    // Cohere's wire format is its own; no client dialect matches it, so nothing passes through.
    dialect: 'cohere-chat',
    chatRequest(request) {
      const { body, warnings } = toCohereRequest(request);
      return post('/v2/chat', body, warnings);
    },
    chatResponse: (body, request) => fromCohereResponse(body, request.model, settings.id),
    chatStreamDecoder: (request) => new CohereStreamDecoder(settings.id, request.model),
    embeddingsRequest(request) {
      const warnings = request.user === undefined ? [] : ['user is not supported by cohere; ignored'];
      return post('/v2/embed', toCohereEmbeddingsBody(request), warnings);
    },
    embeddingsResponse: readCohereEmbeddings,
    errorDetail: cohereErrorDetail,
  };
}

/** Cohere takes its key as a bearer token. https://docs.cohere.com/reference/chat */
function cohereHeaders(settings: ProviderSettings): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(settings.apiKey === undefined ? {} : { authorization: `Bearer ${settings.apiKey}` }),
    ...settings.headers,
  };
}

/** Cohere (Command models) through the v2 Chat and Embed APIs. */
export const cohereProviderType: ProviderType = {
  name: 'cohere',
  label: 'Cohere',
  defaultBaseUrl: 'https://api.cohere.com',
  requiresApiKey: true,
  create: createCohereProvider,
};
