import type { JsonObject, Usage } from '../../core/chat.js';
import type { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { ChatDialect, ParsedChatRequest, PassthroughObservation } from '../../pipeline/chat-dialect.js';
import { readOpenAiUsage } from '../../providers/openai/read-openai-usage.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';
import { assertValid } from '../../core/schema-error.js';
import { ChatChunkEncoder } from './chat-chunk-encoder.js';
import { checkMessageRules } from './check-message-rules.js';
import { chatRequestValidator, type OpenAiChatRequest } from './chat-request-schema.js';
import { decodeChatRequest } from './decode-chat-request.js';
import { encodeChatResponse } from './encode-chat-response.js';

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

const finishReasonPattern = /"finish_reason":\s*"/;

/** Usage in an OpenAI chunk; Groq reports it under `x_groq.usage`. */
function chunkUsage(chunk: JsonObject): Usage | undefined {
  const groq = chunk['x_groq'];
  return readOpenAiUsage(chunk['usage']) ?? (isJsonObject(groq) ? readOpenAiUsage(groq['usage']) : undefined);
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
  usageFromResponse: (body) => (isJsonObject(body) ? chunkUsage(body) : undefined),
  observeStreamEvent(event: SseEvent, clientWantsUsage: boolean): PassthroughObservation {
    // Substring checks keep JSON.parse off the hot path: only the chunks carrying usage are parsed.
    const finished = event.data === '[DONE]' || finishReasonPattern.test(event.data);
    if (!event.data.includes('"usage":{') && !event.data.includes('"usage": {'))
      return { drop: false, finished };
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      return { drop: false, finished };
    }
    if (!isJsonObject(chunk)) return { drop: false, finished };
    const usage = chunkUsage(chunk);
    const usageOnly = Array.isArray(chunk['choices']) && chunk['choices'].length === 0;
    return { ...(usage === undefined ? {} : { usage }), drop: usageOnly && !clientWantsUsage, finished };
  },
};
