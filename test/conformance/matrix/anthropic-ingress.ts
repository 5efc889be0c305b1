import { expect } from 'vitest';
import type { ChatRequest, JsonObject } from '../../../src/core/chat.js';
import { isJsonObject, optionalString } from '../../../src/core/json-guards.js';
import { AnthropicStreamDecoder } from '../../../src/providers/anthropic-shape/anthropic-stream-decoder.js';
import { fromAnthropicResponse } from '../../../src/providers/anthropic-shape/from-anthropic-response.js';
import { usesJsonResponseTool } from '../../../src/providers/anthropic-shape/json-response-tool.js';
import { toAnthropicRequest } from '../../../src/providers/anthropic-shape/to-anthropic-request.js';
import { checkAnthropicStream } from './check-anthropic-stream.js';
import { foldStreamEvents } from './fold-stream-events.js';
import type { IngressDialect } from './ingress-dialect.js';
import { readSseJson } from './read-sse-json.js';

/**
 * Anthropic's error `type` for each status the gateway answers with, as docs/dialects/anthropic-messages.md
 * lists them (after https://docs.anthropic.com/en/api/errors).
 */
const errorTypeByStatus: ReadonlyMap<number, string> = new Map([
  [400, 'invalid_request_error'],
  [401, 'authentication_error'],
  [403, 'permission_error'],
  [404, 'not_found_error'],
  [413, 'request_too_large'],
  [429, 'rate_limit_error'],
  [500, 'api_error'],
  [502, 'api_error'],
  [503, 'overloaded_error'],
  [504, 'api_error'],
]);

/**
 * `POST /v1/messages`. Requests are written by the Anthropic translator (the body the gateway
 * itself sends Anthropic); answers are read by the Anthropic translator's decoders.
 */
export const anthropicIngress: IngressDialect = {
  name: 'anthropic-messages',
  capabilities: {
    maxChoices: 1,
    logprobs: false,
    // No `response_format`: the translator's forced-tool stand-in makes the answer a tool call.
    responseFormats: new Set(['text']),
    toolCallIds: true,
    maxTemperature: 1,
    usage: new Set(['inputTokens', 'outputTokens', 'totalTokens', 'cachedInputTokens', 'cacheWriteTokens']),
  },
  buildCall(request: ChatRequest) {
    return {
      path: '/v1/messages',
      headers: { 'anthropic-version': '2023-06-01' },
      body: toAnthropicRequest(request).body,
    };
  },
  readJson(body: unknown, request: ChatRequest) {
    expect(body, 'an Anthropic message').toMatchObject({
      type: 'message',
      role: 'assistant',
      content: expect.any(Array) as unknown,
      stop_reason: expect.any(String) as unknown,
      usage: { input_tokens: expect.any(Number) as unknown, output_tokens: expect.any(Number) as unknown },
    });
    const message = body as JsonObject;
    return {
      response: fromAnthropicResponse(message, request),
      wireFinishReason: optionalString(message['stop_reason']),
    };
  },
  readStream(text: string, request: ChatRequest) {
    const events = readSseJson(text);
    checkAnthropicStream(events);
    const decoder = new AnthropicStreamDecoder('gateway', usesJsonResponseTool(request));
    const messageDelta = events.find(({ data }) => data['type'] === 'message_delta')?.data['delta'];
    return {
      response: foldStreamEvents(events.flatMap(({ raw }) => decoder.decode(raw))),
      wireFinishReason: isJsonObject(messageDelta) ? optionalString(messageDelta['stop_reason']) : undefined,
    };
  },
  checkError(body, expected) {
    expect(body, 'an Anthropic error').toMatchObject({
      type: 'error',
      error: { type: errorTypeByStatus.get(expected.status), message: expect.any(String) as unknown },
    });
    const providerError = expected.openAi['provider_error'];
    const providerMessage = isJsonObject(providerError)
      ? optionalString(providerError['message'])
      : undefined;
    const error = (body as { error: { message: string } }).error;
    if (providerMessage !== undefined)
      expect(error.message, "the provider's words").toContain(providerMessage);
  },
};
