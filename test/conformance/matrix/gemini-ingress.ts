import { expect } from 'vitest';
import type { ChatRequest, JsonObject } from '../../../src/core/chat.js';
import { arrayOrEmpty, isJsonObject, optionalNumber, optionalString } from '../../../src/core/json-guards.js';
import { fromGeminiResponse } from '../../../src/providers/gemini-shape/from-gemini-response.js';
import { GeminiStreamDecoder } from '../../../src/providers/gemini-shape/gemini-stream-decoder.js';
import { toGeminiRequest } from '../../../src/providers/gemini-shape/to-gemini-request.js';
import { checkGeminiStream } from './check-gemini-stream.js';
import { foldStreamEvents } from './fold-stream-events.js';
import type { IngressDialect } from './ingress-dialect.js';
import { readSseJson } from './read-sse-json.js';

/**
 * Google RPC status names for the statuses the gateway answers with, as docs/dialects/gemini.md
 * lists them (after https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes).
 */
const rpcStatusByHttpStatus: ReadonlyMap<number, string> = new Map([
  [400, 'INVALID_ARGUMENT'],
  [401, 'UNAUTHENTICATED'],
  [403, 'PERMISSION_DENIED'],
  [404, 'NOT_FOUND'],
  [429, 'RESOURCE_EXHAUSTED'],
  [500, 'INTERNAL'],
  [502, 'INTERNAL'],
  [503, 'UNAVAILABLE'],
  [504, 'DEADLINE_EXCEEDED'],
]);

/**
 * `POST /v1beta/models/{route}:generateContent` and `:streamGenerateContent?alt=sse`. Requests are
 * written by the Gemini translator; answers are read by the Gemini translator's decoders.
 */
export const geminiIngress: IngressDialect = {
  name: 'gemini',
  capabilities: {
    maxChoices: Number.POSITIVE_INFINITY, // candidateCount
    logprobs: true, // responseLogprobs and logprobs ask; logprobsResult answers
    responseFormats: new Set(['text', 'json_object', 'json_schema']),
    toolCallIds: true,
    maxTemperature: 2,
    usage: new Set(['inputTokens', 'outputTokens', 'totalTokens', 'cachedInputTokens', 'reasoningTokens']),
  },
  buildCall(request: ChatRequest) {
    const action = request.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
    return {
      path: `/v1beta/models/${encodeURIComponent(request.model)}:${action}`,
      headers: {},
      body: toGeminiRequest(request).body,
    };
  },
  readJson(body: unknown, request: ChatRequest) {
    expect(isJsonObject(body), 'a GenerateContentResponse').toBe(true);
    const response = body as JsonObject;
    expect(
      Array.isArray(response['candidates']) || isJsonObject(response['promptFeedback']),
      'candidates, or the feedback of a blocked prompt',
    ).toBe(true);
    return {
      response: fromGeminiResponse(response, request.model),
      wireFinishReason: wireFinishReason([response]),
    };
  },
  readStream(text: string, request: ChatRequest) {
    const events = readSseJson(text);
    checkGeminiStream(events);
    const decoder = new GeminiStreamDecoder('gateway', request.model);
    return {
      response: foldStreamEvents(events.flatMap(({ raw }) => decoder.decode(raw))),
      wireFinishReason: wireFinishReason(events.map(({ data }) => data)),
    };
  },
  checkError(body, expected) {
    expect(body, 'a Gemini error').toMatchObject({
      error: {
        code: expected.status,
        status: rpcStatusByHttpStatus.get(expected.status),
        message: expect.any(String) as unknown,
      },
    });
    // The gateway's code and the provider's words ride in a google.rpc.ErrorInfo.
    const details = arrayOrEmpty((body as { error: JsonObject }).error['details']);
    const info = details.find(
      (detail) => isJsonObject(detail) && (optionalString(detail['@type']) ?? '').endsWith('ErrorInfo'),
    );
    const providerError = isJsonObject(expected.openAi['provider_error'])
      ? expected.openAi['provider_error']
      : {};
    const metadata: JsonObject = {};
    for (const [from, to] of [
      ['provider', 'provider'],
      ['message', 'providerMessage'],
      ['type', 'providerType'],
    ] as const) {
      const value = providerError[from];
      if (typeof value === 'string') metadata[to] = value;
    }
    const status = optionalNumber(providerError['status']);
    if (status !== undefined) metadata['providerStatus'] = String(status);
    expect(info, 'a google.rpc.ErrorInfo').toMatchObject({
      ...(expected.code === undefined ? {} : { reason: expected.code }),
      metadata,
    });
  },
};

/** The last finish reason given for candidate 0, else the reason a blocked prompt was refused. */
function wireFinishReason(chunks: readonly JsonObject[]): string | undefined {
  let reason: string | undefined;
  for (const chunk of chunks) {
    for (const [position, value] of arrayOrEmpty(chunk['candidates']).entries()) {
      const candidate = isJsonObject(value) ? value : {};
      const finish = optionalString(candidate['finishReason']);
      if ((optionalNumber(candidate['index']) ?? position) === 0 && finish !== undefined) reason = finish;
    }
    const feedback = chunk['promptFeedback'];
    if (reason === undefined && isJsonObject(feedback)) reason = optionalString(feedback['blockReason']);
  }
  return reason;
}
