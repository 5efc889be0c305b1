import type { JsonObject } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import { assertValid } from '../../core/schema-error.js';
import type { ChatDialect, IngressInfo, ParsedChatRequest } from '../../pipeline/dialect/chat-dialect.js';
import { readGeminiUsage } from '../../providers/gemini-shape/read-gemini-usage.js';
import { decodeGeminiRequest } from './decode-gemini-request.js';
import { encodeGeminiError, encodeGeminiStreamError } from './encode-gemini-error.js';
import { encodeGeminiResponse } from './encode-gemini-response.js';
import { GeminiPassthroughObserver } from './gemini-passthrough-observer.js';
import { geminiRequestValidator, type GeminiRequestBody } from './gemini-request-schema.js';
import { GeminiStreamEncoder } from './gemini-stream-encoder.js';

/** The path action that streams; the endpoint group sets it in `IngressInfo.pathAction`. */
export const streamAction = 'streamGenerateContent';

function parseGeminiRequest(body: unknown, ingress: IngressInfo): ParsedChatRequest {
  const routeName = ingress.pathModel;
  if (routeName === undefined || routeName === '') {
    throw new GatewayError(
      'invalid_request',
      'Name the model in the path: /v1beta/models/{model}:generateContent.',
      {
        param: 'model',
      },
    );
  }
  assertValid(geminiRequestValidator, body);
  const typed = body as GeminiRequestBody;
  const stream = ingress.pathAction === streamAction;
  return {
    routeName,
    stream,
    includeUsage: true,
    toCanonical: (upstreamModel, warnings) => decodeGeminiRequest(typed, upstreamModel, stream, warnings),
    // The model and the stream mode live in the URL, which the Gemini provider rebuilds.
    passthroughBody: () => body as JsonObject,
  };
}

/**
 * Google's Gemini API (`generateContent`, `streamGenerateContent`), for clients such as the
 * `@google/genai` SDK. The model comes from the path, not the body. See docs/dialects/gemini.md.
 */
export const geminiDialect: ChatDialect = {
  name: 'gemini',
  parseRequest: parseGeminiRequest,
  encodeResponse: encodeGeminiResponse,
  createStreamEncoder: (model) => new GeminiStreamEncoder(model),
  encodeError: encodeGeminiError,
  encodeStreamError: encodeGeminiStreamError,
  usageFromResponse: (body) => (isJsonObject(body) ? readGeminiUsage(body['usageMetadata']) : undefined),
  createPassthroughObserver: () => new GeminiPassthroughObserver(),
};
