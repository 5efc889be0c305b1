import type { JsonObject } from '../../core/chat.js';
import type { Operation, PassthroughTarget, Provider, UpstreamRequest } from '../provider.js';
import { fromGeminiResponse } from './from-gemini-response.js';
import type { GeminiMethod } from './gemini-model-name.js';
import { toGeminiPassthrough } from './gemini-passthrough.js';
import { GeminiStreamDecoder } from './gemini-stream-decoder.js';
import { toGeminiRequest } from './to-gemini-request.js';

/** A provider's transport: posts a body to a method of a model, on its own URL with its own auth. */
export type GeminiPost = (
  model: string,
  method: GeminiMethod,
  body: object,
  warnings?: string[],
) => UpstreamRequest;

/** The chat half AI Studio and Vertex share. */
export type GeminiShapeChat = Pick<
  Provider,
  'dialect' | 'chatRequest' | 'chatResponse' | 'chatStreamDecoder'
>;

/** Chat for a provider that speaks Gemini: the shared mapping, sent through the provider's `post`. */
export function geminiShapeChat(providerId: string, post: GeminiPost): GeminiShapeChat {
  return {
    dialect: 'gemini',
    chatRequest(request) {
      const { body, warnings } = toGeminiRequest(request);
      const method = request.stream ? 'streamGenerateContent' : 'generateContent';
      return post(request.model, method, body, warnings);
    },
    chatResponse: (body, request) => fromGeminiResponse(body, request.model),
    chatStreamDecoder: (request) => new GeminiStreamDecoder(providerId, request.model),
  };
}

/** A client's own Gemini body, sent to the method its operation names. */
export function postGeminiPassthrough(
  post: GeminiPost,
  operation: Operation,
  body: JsonObject,
  target: PassthroughTarget,
): UpstreamRequest {
  const call = toGeminiPassthrough(operation, body, target);
  return post(target.model, call.method, call.body);
}
