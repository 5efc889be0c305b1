import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent, JsonObject } from '../../../../src/core/chat.js';
import { AnthropicStreamDecoder } from '../../../../src/providers/anthropic-shape/anthropic-stream-decoder.js';
import type { SseEvent } from '../../../../src/upstream/sse-decoder.js';
import { catchGatewayError } from '../../../support/catch-gateway-error.js';

function event(type: string, data: JsonObject = {}): SseEvent {
  return { event: type, data: JSON.stringify({ type, ...data }) };
}

function decodeAll(decoder: AnthropicStreamDecoder, events: SseEvent[]): ChatStreamEvent[] {
  return events.flatMap((item) => decoder.decode(item));
}

const messageStart = event('message_start', {
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-x',
    content: [],
    stop_reason: null,
    usage: {
      input_tokens: 10,
      cache_read_input_tokens: 90,
      cache_creation_input_tokens: 0,
      output_tokens: 1,
    },
  },
});
const blockStart = (index: number, block: JsonObject): SseEvent =>
  event('content_block_start', { index, content_block: block });
const blockDelta = (index: number, delta: JsonObject): SseEvent =>
  event('content_block_delta', { index, delta });

describe('AnthropicStreamDecoder', () => {
  it('decodes a text stream with merged usage', () => {
    const decoder = new AnthropicStreamDecoder('claude', false);
    const events = decodeAll(decoder, [
      messageStart,
      blockStart(0, { type: 'text', text: '' }),
      event('ping'),
      blockDelta(0, { type: 'text_delta', text: 'Hel' }),
      blockDelta(0, { type: 'text_delta', text: 'lo' }),
      event('content_block_stop', { index: 0 }),
      event('message_delta', {
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 6 },
      }),
      event('message_stop'),
    ]);
    expect(events[0]).toMatchObject({ type: 'start', id: 'msg_1', model: 'claude-x' });
    expect(events.slice(1)).toEqual([
      { type: 'text-delta', choice: 0, text: 'Hel' },
      { type: 'text-delta', choice: 0, text: 'lo' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
      {
        type: 'usage',
        usage: {
          inputTokens: 100,
          outputTokens: 6,
          totalTokens: 106,
          cachedInputTokens: 90,
          cacheWriteTokens: 0,
        },
      },
    ]);
  });

  it('emits text carried by a content_block_start', () => {
    const decoder = new AnthropicStreamDecoder('claude', false);
    expect(decoder.decode(blockStart(0, { type: 'text', text: 'Hi' }))).toEqual([
      { type: 'text-delta', choice: 0, text: 'Hi' },
    ]);
  });

  it('prefers input and cache fields of message_delta when present and not null', () => {
    const decoder = new AnthropicStreamDecoder('claude', false);
    decoder.decode(messageStart);
    const events = decoder.decode(
      event('message_delta', {
        delta: { stop_reason: 'max_tokens' },
        usage: {
          input_tokens: 12,
          cache_read_input_tokens: null,
          cache_creation_input_tokens: 5,
          output_tokens: 3,
        },
      }),
    );
    expect(events).toEqual([
      { type: 'finish', choice: 0, finishReason: 'length' },
      {
        type: 'usage',
        usage: {
          inputTokens: 107,
          outputTokens: 3,
          totalTokens: 110,
          cachedInputTokens: 90,
          cacheWriteTokens: 5,
        },
      },
    ]);
  });

  it('decodes thinking, its signature and redacted thinking', () => {
    const decoder = new AnthropicStreamDecoder('claude', false);
    const events = decodeAll(decoder, [
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      blockDelta(0, { type: 'thinking_delta', thinking: 'Step 1' }),
      blockDelta(0, { type: 'signature_delta', signature: 'sig' }),
      blockStart(1, { type: 'redacted_thinking', data: 'opaque' }),
    ]);
    expect(events).toEqual([
      { type: 'reasoning-delta', choice: 0, text: 'Step 1' },
      { type: 'reasoning-signature', choice: 0, signature: 'sig' },
      { type: 'reasoning-redacted', choice: 0, data: 'opaque' },
    ]);
  });

  it('numbers tool blocks from 0 whatever their content block index', () => {
    const decoder = new AnthropicStreamDecoder('claude', false);
    const events = decodeAll(decoder, [
      blockStart(0, { type: 'thinking', thinking: '' }),
      blockStart(1, { type: 'text', text: '' }),
      blockStart(2, { type: 'tool_use', id: 'toolu_a', name: 'a', input: {} }),
      blockDelta(2, { type: 'input_json_delta', partial_json: '' }),
      blockDelta(2, { type: 'input_json_delta', partial_json: '{"x":' }),
      blockStart(3, { type: 'tool_use', id: 'toolu_b', name: 'b', input: {} }),
      blockDelta(3, { type: 'input_json_delta', partial_json: '{}' }),
      blockDelta(2, { type: 'input_json_delta', partial_json: '1}' }),
      event('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }),
    ]);
    expect(events.filter((item) => item.type !== 'usage')).toEqual([
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'toolu_a', name: 'a' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"x":' },
      { type: 'tool-call-start', choice: 0, toolIndex: 1, id: 'toolu_b', name: 'b' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 1, argumentsDelta: '{}' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 0, argumentsDelta: '1}' },
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
    ]);
  });

  it('streams the json_response tool input as text and finishes with stop', () => {
    const decoder = new AnthropicStreamDecoder('claude', true);
    const events = decodeAll(decoder, [
      blockStart(0, { type: 'tool_use', id: 'toolu_j', name: 'json_response', input: {} }),
      blockDelta(0, { type: 'input_json_delta', partial_json: '{"a":' }),
      blockDelta(0, { type: 'input_json_delta', partial_json: '1}' }),
      event('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 4 } }),
    ]);
    expect(events.filter((item) => item.type !== 'usage')).toEqual([
      { type: 'text-delta', choice: 0, text: '{"a":' },
      { type: 'text-delta', choice: 0, text: '1}' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
    ]);
  });

  it('ignores blocks and deltas it has no canonical home for', () => {
    const decoder = new AnthropicStreamDecoder('claude', false);
    const events = decodeAll(decoder, [
      blockStart(0, { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }),
      blockDelta(0, { type: 'input_json_delta', partial_json: '{"query":"x"}' }),
      blockDelta(1, { type: 'citations_delta', citation: {} }),
      event('some_future_event'),
      event('message_stop'),
    ]);
    expect(events).toEqual([]);
  });

  it.each([
    ['overloaded_error', 'upstream_unavailable'],
    ['rate_limit_error', 'rate_limit_exceeded'],
    ['api_error', 'upstream_error'],
    ['invalid_request_error', 'upstream_error'],
  ])('throws a mid-stream %s as %s with the vendor words', (type, code) => {
    const decoder = new AnthropicStreamDecoder('claude', false);
    const error = catchGatewayError(() =>
      decoder.decode(event('error', { error: { type, message: 'Boom' } })),
    );
    expect(error.code).toBe(code);
    expect(error.message).toBe('Provider claude failed mid-stream: Boom');
    expect(error.provider).toEqual({ provider: 'claude', message: 'Boom', type });
  });

  it('refuses an event whose data is not a JSON object', () => {
    const decoder = new AnthropicStreamDecoder('claude', false);
    expect(catchGatewayError(() => decoder.decode({ event: 'message_start', data: '{oops' })).code).toBe(
      'upstream_bad_response',
    );
    expect(catchGatewayError(() => decoder.decode({ event: undefined, data: '[1]' })).code).toBe(
      'upstream_bad_response',
    );
  });
});
