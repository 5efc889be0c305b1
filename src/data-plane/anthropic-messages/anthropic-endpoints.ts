import { endpointOf, type Endpoint, type EndpointGroupFactory } from '../endpoint-group.js';
import { anthropicMessagesDialect } from './anthropic-messages-dialect.js';
import { createCountAnthropicTokens, parseCountTokensRequest } from './count-anthropic-tokens.js';
import { encodeAnthropicError } from './encode-anthropic-error.js';

/**
 * The Anthropic API: `POST /v1/messages` (streamed or not) and `POST /v1/messages/count_tokens`,
 * with and without `/v1`, every error in Anthropic's shape. Clients set their base URL to the
 * gateway's origin; Claude Code adds `?beta=true`, which path matching ignores.
 */
export const anthropicEndpoints: EndpointGroupFactory = (deps) => {
  const messages: Endpoint[] = [
    endpointOf('POST', deps.chat(anthropicMessagesDialect), encodeAnthropicError),
  ];
  // Counting calls upstream and responds in one stage; it reserves nothing, so it has no admit.
  const countTokens: Endpoint[] = [
    endpointOf(
      'POST',
      deps
        .keyed()
        .readBody()
        .then(parseCountTokensRequest)
        .then(deps.resolveRoute)
        .then(deps.authorizeRoute)
        .then(createCountAnthropicTokens(deps.client)),
      encodeAnthropicError,
    ),
  ];
  const paths = new Map<string, Endpoint[]>([
    ['/v1/messages', messages],
    ['/messages', messages],
    ['/v1/messages/count_tokens', countTokens],
    ['/messages/count_tokens', countTokens],
  ]);
  return {
    match(path) {
      const endpoints = paths.get(path);
      return endpoints === undefined ? undefined : { endpoints };
    },
  };
};
