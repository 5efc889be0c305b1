import { describe, expect, it } from 'vitest';
import type { ChatRequest, JsonObject } from '../../../../src/core/chat.js';
import { fromAnthropicResponse } from '../../../../src/providers/anthropic-shape/from-anthropic-response.js';
import { readAnthropicStopReason } from '../../../../src/providers/anthropic-shape/read-anthropic-stop-reason.js';
import { readAnthropicUsage } from '../../../../src/providers/anthropic-shape/read-anthropic-usage.js';
import { catchGatewayError } from '../../../support/catch-gateway-error.js';

const request: ChatRequest = { model: 'claude-x', messages: [], stream: false, includeUsage: false };
const jsonRequest: ChatRequest = { ...request, responseFormat: { type: 'json_schema', name: 'out' } };

function message(content: JsonObject[], stopReason: string, extra: JsonObject = {}): JsonObject {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-x-20250101',
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 4 },
    ...extra,
  };
}

describe('fromAnthropicResponse', () => {
  it('maps id, model, joined text and usage', () => {
    const before = Math.floor(Date.now() / 1000);
    const response = fromAnthropicResponse(
      message(
        [
          { type: 'text', text: 'Hello ' },
          { type: 'text', text: 'there' },
        ],
        'end_turn',
      ),
      request,
    );
    expect(response).toMatchObject({
      id: 'msg_1',
      model: 'claude-x-20250101',
      choices: [{ index: 0, text: 'Hello there', reasoning: [], toolCalls: [], finishReason: 'stop' }],
      usage: { inputTokens: 10, outputTokens: 4, totalTokens: 14 },
    });
    expect(response.created).toBeGreaterThanOrEqual(before);
  });

  it('keeps reasoning with signatures and redacted thinking, and tool calls as JSON text', () => {
    const response = fromAnthropicResponse(
      message(
        [
          { type: 'thinking', thinking: 'Let me see', signature: 'sig-1' },
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x', n: 2 } },
        ],
        'tool_use',
      ),
      request,
    );
    expect(response.choices[0]).toEqual({
      index: 0,
      text: null,
      reasoning: [
        { type: 'reasoning', text: 'Let me see', signature: 'sig-1' },
        { type: 'reasoning', text: '', redactedData: 'opaque' },
      ],
      toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: '{"q":"x","n":2}' }],
      finishReason: 'tool_calls',
    });
  });

  it('returns the json_response tool input as text with finish stop', () => {
    const body = message([{ type: 'tool_use', id: 't', name: 'json_response', input: { a: 1 } }], 'tool_use');
    expect(fromAnthropicResponse(body, jsonRequest).choices[0]).toMatchObject({
      text: '{"a":1}',
      toolCalls: [],
      finishReason: 'stop',
    });
  });

  it('treats a json_response tool as an ordinary tool when no json_schema was asked for', () => {
    const body = message([{ type: 'tool_use', id: 't', name: 'json_response', input: {} }], 'tool_use');
    expect(fromAnthropicResponse(body, request).choices[0]?.toolCalls).toHaveLength(1);
  });

  it('falls back to the request model and a new id when the body lacks them', () => {
    const response = fromAnthropicResponse({ content: [], stop_reason: 'end_turn' }, request);
    expect(response.model).toBe('claude-x');
    expect(response.id).toMatch(/^chatcmpl-/);
    expect(response).not.toHaveProperty('usage');
  });

  it.each([null, 'text', [], { id: 'msg', content: 'text' }])('refuses an unreadable body %j', (body) => {
    const error = catchGatewayError(() => fromAnthropicResponse(body, request));
    expect(error.code).toBe('upstream_bad_response');
  });
});

describe('readAnthropicStopReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['some_future_reason', 'stop'],
    [null, null],
  ] as const)('maps %s to %s', (stopReason, finishReason) => {
    expect(readAnthropicStopReason(stopReason)).toBe(finishReason);
  });
});

describe('readAnthropicUsage', () => {
  it('adds cache reads and writes to the input tokens', () => {
    expect(
      readAnthropicUsage({
        input_tokens: 5,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 20,
        output_tokens: 7,
      }),
    ).toEqual({
      inputTokens: 125,
      outputTokens: 7,
      totalTokens: 132,
      cachedInputTokens: 100,
      cacheWriteTokens: 20,
    });
  });

  it('leaves cache fields out when Anthropic sent none or null', () => {
    expect(readAnthropicUsage({ input_tokens: 3, output_tokens: 2, cache_read_input_tokens: null })).toEqual({
      inputTokens: 3,
      outputTokens: 2,
      totalTokens: 5,
    });
  });

  it('is undefined without a usage object', () => {
    expect(readAnthropicUsage(undefined)).toBeUndefined();
    expect(readAnthropicUsage('usage')).toBeUndefined();
  });
});
