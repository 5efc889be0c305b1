import type { AnthropicRequestBody } from '../anthropic-shape/anthropic-wire.js';
import { anthropicShapeChat } from '../anthropic-shape/anthropic-shape-chat.js';
import type { Provider, ProviderSettings, ProviderType } from '../provider.js';
import { vertexAnthropicErrorDetail } from './vertex-anthropic-error-detail.js';
import { vertexCredentials, vertexHeaders } from './vertex-credentials.js';
import { checkVertexCloud, vertexBaseUrl } from './vertex-location.js';
import { vertexModelUrl } from './vertex-model-url.js';

/** The `anthropic_version` Vertex requires in the body when the config gives no `api_version`. */
export const defaultVertexAnthropicVersion = 'vertex-2023-10-16';

/** The Messages body as Vertex takes it. */
type VertexAnthropicBody = Omit<AnthropicRequestBody, 'model'> & { anthropic_version: string };

/**
 * Claude on Vertex AI: the Anthropic translator's Messages body without `model` (it is in the
 * URL) and with `anthropic_version`, posted to `:rawPredict` or `:streamRawPredict`; answers and
 * streams are Anthropic's own. https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude
 */
export function createVertexAnthropicProvider(settings: ProviderSettings): Provider {
  return {
    settings,
    credentials: vertexCredentials(settings),
    ...anthropicShapeChat(settings.id, (body, request) => {
      const vertexBody: VertexAnthropicBody & { model?: string } = {
        anthropic_version: settings.apiVersion ?? defaultVertexAnthropicVersion,
        ...body,
      };
      delete vertexBody.model; // the model travels in the URL only, as with Anthropic's own Vertex client
      const method = request.stream ? 'streamRawPredict' : 'rawPredict';
      return {
        url: vertexModelUrl(settings.baseUrl, settings.cloud, 'anthropic', request.model, method),
        headers: vertexHeaders(settings),
        body: vertexBody,
      };
    }),
    errorDetail: vertexAnthropicErrorDetail,
  };
}

/** Anthropic Claude through Vertex AI, authenticated with a service-account key. */
export const vertexAnthropicProviderType: ProviderType = {
  name: 'vertex-anthropic',
  label: 'Anthropic Claude on Google Vertex AI',
  requiresApiKey: false,
  baseUrlFor: vertexBaseUrl,
  checkCloud: checkVertexCloud,
  create: createVertexAnthropicProvider,
};
