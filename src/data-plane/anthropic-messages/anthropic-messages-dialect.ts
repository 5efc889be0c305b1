import type { JsonObject } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { ChatDialect, ParsedChatRequest } from '../../pipeline/dialect/chat-dialect.js';
import { readAnthropicUsage } from '../../providers/anthropic-shape/read-anthropic-usage.js';
import { AnthropicPassthroughObserver } from './anthropic-passthrough-observer.js';
import { AnthropicStreamEncoder } from './anthropic-stream-encoder.js';
import { checkMessagesRequest } from './check-anthropic-request.js';
import { decodeAnthropicRequest } from './decode-anthropic-request.js';
import { encodeAnthropicError, encodeAnthropicStreamError } from './encode-anthropic-error.js';
import { encodeAnthropicResponse } from './encode-anthropic-response.js';

/**
 * Anthropic Messages (`POST /v1/messages`), as spoken by Claude Code and `@anthropic-ai/sdk`.
 * Passed through untouched to Anthropic providers, translated for every other one.
 * See docs/dialects/anthropic-messages.md.
 */
export const anthropicMessagesDialect: ChatDialect = {
  name: 'anthropic-messages',
  parseRequest(body: unknown): ParsedChatRequest {
    const typed = checkMessagesRequest(body);
    const raw = body as JsonObject;
    return {
      routeName: typed.model,
      stream: typed.stream === true,
      // Anthropic streams always carry usage; the client never has to ask.
      includeUsage: true,
      toCanonical: (upstreamModel, warnings) => decodeAnthropicRequest(typed, raw, upstreamModel, warnings),
      passthroughBody: (upstreamModel) => ({ ...raw, model: upstreamModel }),
    };
  },
  encodeResponse: encodeAnthropicResponse,
  createStreamEncoder: (model) => new AnthropicStreamEncoder(model),
  encodeError: encodeAnthropicError,
  encodeStreamError: encodeAnthropicStreamError,
  usageFromResponse: (body) => (isJsonObject(body) ? readAnthropicUsage(body['usage']) : undefined),
  createPassthroughObserver: () => new AnthropicPassthroughObserver(),
};
