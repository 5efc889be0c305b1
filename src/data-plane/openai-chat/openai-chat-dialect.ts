import type { JsonObject } from '../../core/chat.js';
import type { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { ChatDialect, ParsedChatRequest } from '../../pipeline/dialect/chat-dialect.js';
import { assertValid } from '../../core/schema-error.js';
import { ChatChunkEncoder } from './chat-chunk-encoder.js';
import { checkMessageRules } from './check-message-rules.js';
import { chatRequestValidator, type OpenAiChatRequest } from './chat-request-schema.js';
import { decodeChatRequest } from './decode-chat-request.js';
import { encodeChatResponse } from './encode-chat-response.js';
import { OpenAiPassthroughObserver, openAiChunkUsage } from './openai-passthrough-observer.js';

/** The OpenAI error body; `provider_error` keeps the upstream's own words when there was one. */
export function encodeOpenAiError(error: GatewayError): JsonObject {
  const body: JsonObject = {
    message: error.message,
    type: error.type,
    param: error.param ?? null,
    code: error.code,
  };
  if (error.provider !== undefined) {
    body['provider_error'] = {
      provider: error.provider.provider,
      ...(error.provider.status === undefined ? {} : { status: error.provider.status }),
      message: error.provider.message,
      ...(error.provider.type === undefined ? {} : { type: error.provider.type }),
    };
  }
  return { error: body };
}

/** OpenAI Chat Completions, the default dialect of `/v1/chat/completions`. */
export const openAiChatDialect: ChatDialect = {
  name: 'openai-chat',
  parseRequest(body: unknown): ParsedChatRequest {
    assertValid(chatRequestValidator, body);
    const typed = body as OpenAiChatRequest;
    checkMessageRules(typed);
    const raw = body as JsonObject;
    return {
      routeName: typed.model,
      stream: typed.stream === true,
      includeUsage: typed.stream_options?.include_usage === true,
      toCanonical: (upstreamModel) => decodeChatRequest(typed, raw, upstreamModel),
      passthroughBody: (upstreamModel) => ({ ...raw, model: upstreamModel }),
    };
  },
  encodeResponse: encodeChatResponse,
  createStreamEncoder: (model, includeUsage) => new ChatChunkEncoder(model, includeUsage),
  encodeError: encodeOpenAiError,
  encodeStreamError: (error) => `data: ${JSON.stringify(encodeOpenAiError(error))}\n\n`,
  usageFromResponse: (body) => (isJsonObject(body) ? openAiChunkUsage(body) : undefined),
  createPassthroughObserver: (clientWantsUsage) => new OpenAiPassthroughObserver(clientWantsUsage),
};
