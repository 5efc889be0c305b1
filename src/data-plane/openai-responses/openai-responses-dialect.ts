import type { JsonObject } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { ChatDialect, ParsedChatRequest } from '../../pipeline/chat-dialect.js';
import { encodeOpenAiError } from '../openai-chat/openai-chat-dialect.js';
import { assertValidAt } from './assert-valid-at.js';
import { decodeResponsesRequest } from './decode-responses-request.js';
import { encodeResponsesResponse } from './encode-responses-response.js';
import { encodeResponsesStreamError } from './encode-responses-stream-error.js';
import { readResponsesUsage } from './read-responses-usage.js';
import { rejectUnsupportedFields } from './reject-unsupported-fields.js';
import { ResponsesPassthroughObserver } from './responses-passthrough-observer.js';
import { responsesRequestValidator, type ResponsesRequest } from './responses-request-schema.js';
import { ResponsesStreamEncoder } from './responses-stream-encoder.js';

/**
 * The OpenAI Responses API (`/v1/responses`), served statelessly from any provider through the
 * canonical model. See docs/dialects/openai-responses.md.
 */
export const openAiResponsesDialect: ChatDialect = {
  name: 'openai-responses',
  parseRequest(body: unknown): ParsedChatRequest {
    assertValidAt(responsesRequestValidator, body, '');
    const typed = body as ResponsesRequest;
    const raw = body as JsonObject;
    rejectUnsupportedFields(typed, raw);
    // Decoded once, here, so a malformed item is refused before routing; providers only read it.
    const canonical = decodeResponsesRequest(typed, typed.model);
    return {
      routeName: typed.model,
      stream: typed.stream === true,
      includeUsage: true,
      toCanonical: (upstreamModel) => ({ ...canonical, model: upstreamModel }),
      passthroughBody: (upstreamModel) => ({ ...raw, model: upstreamModel }),
    };
  },
  encodeResponse: encodeResponsesResponse,
  createStreamEncoder: (model) => new ResponsesStreamEncoder(model),
  encodeError: encodeOpenAiError,
  // The dialect cannot see the stream's encoder, so this frame cannot continue its sequence
  // numbers; ResponsesStreamEncoder.error() can, once the relay asks the encoder for it.
  encodeStreamError: (error) => encodeResponsesStreamError(error, 0),
  usageFromResponse: (body) => (isJsonObject(body) ? readResponsesUsage(body['usage']) : undefined),
  createPassthroughObserver: () => new ResponsesPassthroughObserver(),
};
