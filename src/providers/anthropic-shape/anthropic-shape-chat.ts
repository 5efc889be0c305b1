import type { ChatRequest } from '../../core/chat.js';
import { postJson } from '../post-json.js';
import type { Provider } from '../provider.js';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import type { AnthropicRequestBody } from './anthropic-wire.js';
import { fromAnthropicResponse } from './from-anthropic-response.js';
import { usesJsonResponseTool } from './json-response-tool.js';
import { toAnthropicRequest } from './to-anthropic-request.js';

/** Where one provider sends a Messages body, and the body as that endpoint takes it. */
export interface AnthropicShapeCall {
  url: string;
  headers: Record<string, string>;
  body: object;
}

/** The chat half every provider speaking the Messages API shares. */
export type AnthropicShapeChat = Pick<
  Provider,
  'dialect' | 'chatRequest' | 'chatResponse' | 'chatStreamDecoder'
>;

/**
 * Chat for a provider that speaks Anthropic Messages: the shared mapping, plus the provider's
 * transport (`call`), which places the mapped body on its own URL with its own auth.
 */
export function anthropicShapeChat(
  providerId: string,
  call: (body: AnthropicRequestBody, request: ChatRequest) => AnthropicShapeCall,
): AnthropicShapeChat {
  return {
    dialect: 'anthropic-messages',
    chatRequest(request) {
      const plan = toAnthropicRequest(request);
      const { url, headers, body } = call(plan.body, request);
      return postJson(url, headers, body, plan.warnings);
    },
    chatResponse: (body, request) => fromAnthropicResponse(body, request),
    chatStreamDecoder: (request) => new AnthropicStreamDecoder(providerId, usesJsonResponseTool(request)),
  };
}
