import { expect } from 'vitest';
import type { ChatRequest, ChatResponse, JsonObject } from '../../../src/core/chat.js';
import { checkResponsesStream } from './check-responses-stream.js';
import { parseArguments } from './expected-answer.js';
import { foldStreamEvents } from './fold-stream-events.js';
import { fromResponsesResponse, responsesWireFinishReason } from './from-responses-response.js';
import type { IngressDialect } from './ingress-dialect.js';
import { readSseJson } from './read-sse-json.js';
import { ResponsesStreamDecoder } from './responses-stream-decoder.js';
import { toResponsesRequest } from './to-responses-request.js';

/**
 * `POST /v1/responses`. No provider speaks Responses, so requests and answers go through the
 * test-only encoder and decoders next to this file.
 */
export const responsesIngress: IngressDialect = {
  name: 'openai-responses',
  capabilities: {
    maxChoices: 1,
    // The API has top_logprobs, but Portico refuses it (docs/dialects/openai-responses.md).
    logprobs: false,
    responseFormats: new Set(['text', 'json_object', 'json_schema']),
    toolCallIds: true,
    maxTemperature: 2,
    usage: new Set([
      'inputTokens',
      'outputTokens',
      'totalTokens',
      'cachedInputTokens',
      'cacheWriteTokens',
      'reasoningTokens',
    ]),
  },
  buildCall(request: ChatRequest) {
    return { path: '/v1/responses', headers: {}, body: toResponsesRequest(request) };
  },
  readJson(body: unknown) {
    expect(body, 'a Responses response object').toMatchObject({
      object: 'response',
      status: expect.stringMatching(/^(completed|incomplete)$/) as unknown,
      output: expect.any(Array) as unknown,
    });
    const response = body as JsonObject;
    return {
      response: fromResponsesResponse(response),
      wireFinishReason: responsesWireFinishReason(response),
    };
  },
  readStream(text: string) {
    const events = readSseJson(text);
    const final = checkResponsesStream(events);
    const decoder = new ResponsesStreamDecoder();
    const streamed = foldStreamEvents(events.flatMap(({ raw }) => decoder.decode(raw)));
    expect(answerOf(streamed), 'the deltas add up to the final response').toEqual(
      answerOf(fromResponsesResponse(final)),
    );
    return { response: streamed, wireFinishReason: responsesWireFinishReason(final) };
  },
  checkError(body, expected) {
    expect(body, 'an OpenAI error').toMatchObject({ error: expected.openAi });
  },
};

/** What a client shows of an answer: its text, reasoning text and calls. */
function answerOf(response: ChatResponse): JsonObject {
  const choice = response.choices[0];
  return {
    text: choice?.text ?? null,
    reasoning: (choice?.reasoning ?? []).map((part) => part.text).join(''),
    toolCalls: (choice?.toolCalls ?? []).map((call) => ({
      id: call.id,
      name: call.name,
      arguments: parseArguments(call.arguments),
    })),
  };
}
