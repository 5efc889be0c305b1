import { geminiErrorDetail } from '../gemini-shape/gemini-error-detail.js';
import {
  geminiShapeChat,
  postGeminiPassthrough,
  type GeminiPost,
} from '../gemini-shape/gemini-shape-chat.js';
import { postJson } from '../post-json.js';
import type { Provider, ProviderSettings, ProviderType } from '../provider.js';
import { readGeminiEmbeddings, toGeminiEmbeddingsBody } from './gemini-embeddings.js';
import { geminiModelUrl } from './gemini-model-url.js';

/**
 * A translator to the Gemini API of Google AI Studio (`generativelanguage.googleapis.com`,
 * v1beta). Same-dialect bodies pass through to the method the operation names.
 */
export function createGeminiProvider(settings: ProviderSettings): Provider {
  const post: GeminiPost = (model, method, body, warnings) =>
    postJson(geminiModelUrl(settings.baseUrl, model, method), geminiHeaders(settings), body, warnings);
  return {
    settings,
    ...geminiShapeChat(settings.id, post),
    passthroughRequest: (operation, body, target) => postGeminiPassthrough(post, operation, body, target),
    embeddingsRequest(request) {
      const warnings = request.user === undefined ? [] : ['user is not supported by gemini; ignored'];
      return post(request.model, 'batchEmbedContents', toGeminiEmbeddingsBody(request), warnings);
    },
    embeddingsResponse: readGeminiEmbeddings,
    errorDetail: geminiErrorDetail,
  };
}

/** AI Studio keys go in `x-goog-api-key`. https://ai.google.dev/gemini-api/docs/api-key */
function geminiHeaders(settings: ProviderSettings): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(settings.apiKey === undefined ? {} : { 'x-goog-api-key': settings.apiKey }),
    ...settings.headers,
  };
}

/** Google Gemini through the AI Studio Gemini API. */
export const geminiProviderType: ProviderType = {
  name: 'gemini',
  label: 'Google Gemini (AI Studio)',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  requiresApiKey: true,
  create: createGeminiProvider,
};
