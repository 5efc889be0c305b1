import type { Provider, ProviderSettings, ProviderType, UpstreamRequest } from '../provider.js';
import { fromGeminiResponse } from '../gemini-shape/from-gemini-response.js';
import { readGeminiEmbeddings, toGeminiEmbeddingsBody } from './gemini-embeddings.js';
import { geminiErrorDetail } from '../gemini-shape/gemini-error-detail.js';
import type { GeminiMethod } from '../gemini-shape/gemini-model-name.js';
import { geminiModelUrl } from './gemini-model-url.js';
import { toGeminiPassthrough } from '../gemini-shape/gemini-passthrough.js';
import { GeminiStreamDecoder } from '../gemini-shape/gemini-stream-decoder.js';
import { toGeminiRequest } from '../gemini-shape/to-gemini-request.js';

/**
 * A translator to the Gemini API of Google AI Studio (`generativelanguage.googleapis.com`,
 * v1beta). Same-dialect bodies pass through to the method the operation names.
 */
export function createGeminiProvider(settings: ProviderSettings): Provider {
  const post = (
    model: string,
    method: GeminiMethod,
    body: object,
    warnings: string[] = [],
  ): UpstreamRequest => ({
    method: 'POST',
    url: geminiModelUrl(settings.baseUrl, model, method),
    headers: geminiHeaders(settings),
    body: JSON.stringify(body),
    ...(warnings.length === 0 ? {} : { warnings }),
  });
  return {
    settings,
    dialect: 'gemini',
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
      const call = toGeminiPassthrough(operation, body, target);
      return post(target.model, call.method, call.body);
    },
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
