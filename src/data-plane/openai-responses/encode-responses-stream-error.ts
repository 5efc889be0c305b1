import type { GatewayError } from '../../core/gateway-error.js';
import { encodeOpenAiError } from '../openai-chat/openai-chat-dialect.js';

/**
 * The `error` event that ends a Responses stream after it started. It carries both shapes seen
 * in the wild: `code`/`message`/`param` at the top (OpenAI's documented `ResponseErrorEvent`) and
 * a nested `error` object (what OpenAI actually sends, and what the openai SDKs raise on as
 * `APIError`). See https://github.com/openai/openai-dotnet/issues/881.
 */
export function encodeResponsesStreamError(error: GatewayError, sequenceNumber: number): string {
  const event = {
    type: 'error',
    code: error.code,
    message: error.message,
    param: error.param ?? null,
    error: encodeOpenAiError(error)['error'] ?? null,
    sequence_number: sequenceNumber,
  };
  return `event: error\ndata: ${JSON.stringify(event)}\n\n`;
}
