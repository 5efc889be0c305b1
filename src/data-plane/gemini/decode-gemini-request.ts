import type { ChatMessage, ChatRequest } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { decodeGeminiContents, decodeSystemInstruction } from './decode-gemini-contents.js';
import { decodeGeminiGenerationConfig } from './decode-gemini-generation-config.js';
import { decodeGeminiTools } from './decode-gemini-tools.js';
import type { GeminiRequestBody } from './gemini-request-schema.js';
import { ignoredWarning } from './ignored-warning.js';

// Fields mapped below. `model` may repeat the URL's model and is ignored, as Gemini does.
const knownFields: ReadonlySet<string> = new Set([
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'cachedContent',
  'model',
]);

/**
 * A validated Gemini `generateContent` body → the canonical request for a provider that does
 * not speak Gemini. Settings that cannot be carried are dropped with a warning appended to
 * `warnings` (e.g. `safetySettings`, which only Gemini enforces); content that cannot be
 * carried is refused, since dropping it would change the conversation.
 */
export function decodeGeminiRequest(
  body: GeminiRequestBody,
  upstreamModel: string,
  stream: boolean,
  warnings: string[],
): ChatRequest {
  if (body.cachedContent !== undefined) {
    throw new GatewayError(
      'invalid_request',
      "'cachedContent' names content cached in Gemini; it cannot be sent to a provider that does not speak gemini.",
      { param: 'cachedContent' },
    );
  }
  const messages: ChatMessage[] = [];
  const system =
    body.systemInstruction === undefined ? undefined : decodeSystemInstruction(body.systemInstruction);
  if (system !== undefined) messages.push(system);
  messages.push(...decodeGeminiContents(body.contents));
  const request: ChatRequest = {
    model: upstreamModel,
    messages,
    stream,
    // Gemini reports usage on every response, so the client always gets it.
    includeUsage: true,
    ...decodeGeminiTools(body.tools, body.toolConfig, warnings),
    ...(body.generationConfig === undefined
      ? {}
      : decodeGeminiGenerationConfig(body.generationConfig, warnings)),
  };
  const unknown = Object.keys(body).filter((key) => !knownFields.has(key));
  if (unknown.length > 0) warnings.push(ignoredWarning('', unknown));
  return request;
}
