import type { JsonObject } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { ChatDialect, ParsedChatRequest } from '../../pipeline/dialect/chat-dialect.js';
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
import { functionToolsOnly, type ToolKinds } from './responses-tool-kinds.js';

/** The parts of the dialect that do not depend on the request. */
const requestFree = {
  name: 'openai-responses',
  encodeError: encodeOpenAiError,
  // The dialect cannot see the stream's encoder, so this frame cannot continue its sequence
  // numbers; ResponsesStreamEncoder.error() can, and the relay asks it first.
  encodeStreamError: (error) => encodeResponsesStreamError(error, 0),
  usageFromResponse: (body) => (isJsonObject(body) ? readResponsesUsage(body['usage']) : undefined),
  createPassthroughObserver: () => new ResponsesPassthroughObserver(),
} satisfies Partial<ChatDialect>;

/**
 * The OpenAI Responses API (`/v1/responses`), served statelessly from any provider through the
 * canonical model, for one request: its encoders write calls of the request's `custom` and
 * `local_shell` tools as those items, so the endpoint creates one per request
 * (responses-endpoints.ts). See docs/dialects/openai-responses.md.
 */
export function createOpenAiResponsesDialect(): ChatDialect {
  let toolKinds: ToolKinds = functionToolsOnly;
  return {
    ...requestFree,
    parseRequest(body: unknown): ParsedChatRequest {
      const parsed = parseResponsesRequest(body);
      toolKinds = parsed.toolKinds;
      return parsed.chat;
    },
    encodeResponse: (response) => encodeResponsesResponse(response, toolKinds),
    createStreamEncoder: (model) => new ResponsesStreamEncoder(model, toolKinds),
  };
}

/**
 * The dialect without request state, for callers that need no answer encoding tied to a request
 * (errors, usage, passthrough observing); it writes every tool call as a `function_call`.
 */
export const openAiResponsesDialect: ChatDialect = {
  ...requestFree,
  parseRequest: (body) => parseResponsesRequest(body).chat,
  encodeResponse: (response) => encodeResponsesResponse(response, functionToolsOnly),
  createStreamEncoder: (model) => new ResponsesStreamEncoder(model, functionToolsOnly),
};

function parseResponsesRequest(body: unknown): { chat: ParsedChatRequest; toolKinds: ToolKinds } {
  assertValidAt(responsesRequestValidator, body, '');
  const typed = body as ResponsesRequest;
  const raw = body as JsonObject;
  rejectUnsupportedFields(typed, raw);
  // Decoded once, here, so a malformed item is refused before routing; providers only read it.
  const decoded = decodeResponsesRequest(typed, typed.model);
  return {
    toolKinds: decoded.toolKinds,
    chat: {
      routeName: typed.model,
      stream: typed.stream === true,
      includeUsage: true,
      toCanonical: (upstreamModel, warnings) => {
        warnings.push(...decoded.warnings);
        return { ...decoded.request, model: upstreamModel };
      },
      passthroughBody: (upstreamModel) => ({ ...raw, model: upstreamModel }),
    },
  };
}
