import type { JsonObject } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { joinUrl } from '../join-url.js';
import type {
  Operation,
  PassthroughTarget,
  Provider,
  ProviderSettings,
  ProviderType,
  UpstreamRequest,
} from '../provider.js';
import { anthropicErrorDetail } from '../anthropic-shape/anthropic-error-detail.js';
import { anthropicShapeChat } from '../anthropic-shape/anthropic-shape-chat.js';
import { postJson } from '../post-json.js';

/** The API version sent as `anthropic-version` when the config gives none. */
export const defaultAnthropicVersion = '2023-06-01';

const passthroughPaths: Readonly<Record<Exclude<Operation, 'embeddings'>, string>> = {
  chat: '/v1/messages',
  'count-tokens': '/v1/messages/count_tokens',
};

/**
 * A translator to Anthropic's Messages API at `<base>/v1/messages`, and the passthrough for
 * clients that speak it themselves (Claude Code, `@anthropic-ai/sdk`).
 */
export function createAnthropicProvider(settings: ProviderSettings): Provider {
  return {
    settings,
    ...anthropicShapeChat(settings.id, (body) => ({
      url: joinUrl(settings.baseUrl, '/v1/messages'),
      headers: anthropicHeaders(settings),
      body,
    })),
    passthroughRequest: (operation, body, target) => passthroughRequest(settings, operation, body, target),
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

/**
 * The upstream call for an Anthropic client's own body (`model` already replaced). The client's
 * `anthropic-version` wins over the configured one, as its body is written for that version, and
 * its `anthropic-beta` flags join the configured ones: betas change the wire format (interleaved
 * thinking, context management, 1M context). Client credentials never travel.
 * https://docs.anthropic.com/en/api/versioning https://docs.anthropic.com/en/api/beta-headers
 */
function passthroughRequest(
  settings: ProviderSettings,
  operation: Operation,
  body: JsonObject,
  target: PassthroughTarget,
): UpstreamRequest {
  if (operation === 'embeddings') {
    throw new GatewayError('invalid_request', `Provider ${settings.id} has no embeddings API.`, {
      param: 'model',
    });
  }
  const headers = anthropicHeaders(settings);
  const version = headerText(target.clientHeaders['anthropic-version']);
  if (version !== undefined) headers['anthropic-version'] = version;
  const betas = [headers['anthropic-beta'], headerText(target.clientHeaders['anthropic-beta'])]
    .flatMap((value) => (value === undefined ? [] : value.split(',')))
    .map((flag) => flag.trim())
    .filter((flag) => flag !== '');
  if (betas.length > 0) headers['anthropic-beta'] = [...new Set(betas)].join(',');
  return postJson(joinUrl(settings.baseUrl, passthroughPaths[operation]), headers, body);
}

/** A header's value; a repeated header is joined with commas, as HTTP allows for lists. */
function headerText(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value.join(',') : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** Anthropic (Claude) through the Messages API. */
export const anthropicProviderType: ProviderType = {
  name: 'anthropic',
  label: 'Anthropic',
  defaultBaseUrl: 'https://api.anthropic.com',
  requiresApiKey: true,
  create: createAnthropicProvider,
};
