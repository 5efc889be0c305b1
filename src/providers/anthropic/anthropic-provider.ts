import { joinUrl } from '../join-url.js';
import type { Provider, ProviderSettings, ProviderType, UpstreamRequest } from '../provider.js';
import { anthropicErrorDetail } from './anthropic-error-detail.js';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { fromAnthropicResponse } from './from-anthropic-response.js';
import { usesJsonResponseTool } from './json-response-tool.js';
import { toAnthropicRequest } from './to-anthropic-request.js';

/** The API version sent as `anthropic-version` when the config gives none. */
export const defaultAnthropicVersion = '2023-06-01';

/** A translator to Anthropic's Messages API at `<base>/v1/messages`. */
export function createAnthropicProvider(settings: ProviderSettings): Provider {
  return {
    settings,
    dialect: 'anthropic-messages',
    chatRequest(request): UpstreamRequest {
      const { body, warnings } = toAnthropicRequest(request);
      return {
        method: 'POST',
        url: joinUrl(settings.baseUrl, '/v1/messages'),
        headers: anthropicHeaders(settings),
        body: JSON.stringify(body),
        ...(warnings.length === 0 ? {} : { warnings }),
      };
    },
    chatResponse: (body, request) => fromAnthropicResponse(body, request),
    chatStreamDecoder: (request) => new AnthropicStreamDecoder(settings.id, usesJsonResponseTool(request)),
    errorDetail: anthropicErrorDetail,
  };
}

/** Anthropic authenticates with `x-api-key`, not a bearer token. https://docs.anthropic.com/en/api/overview */
function anthropicHeaders(settings: ProviderSettings): Record<string, string> {
  return {
    'content-type': 'application/json',
    'anthropic-version': settings.apiVersion ?? defaultAnthropicVersion,
    ...(settings.apiKey === undefined ? {} : { 'x-api-key': settings.apiKey }),
    ...settings.headers,
  };
}

/** Anthropic (Claude) through the Messages API. */
export const anthropicProviderType: ProviderType = {
  name: 'anthropic',
  label: 'Anthropic',
  defaultBaseUrl: 'https://api.anthropic.com',
  requiresApiKey: true,
  create: createAnthropicProvider,
};
