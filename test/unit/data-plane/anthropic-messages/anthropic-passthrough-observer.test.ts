import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { anthropicMessagesDialect } from '../../../../src/data-plane/anthropic-messages/anthropic-messages-dialect.js';
import type { SseEvent } from '../../../../src/upstream/sse-decoder.js';

const event = (name: string | undefined, data: Record<string, unknown>): SseEvent => ({
  event: name,
  data: JSON.stringify(data),
});

const stream: SseEvent[] = [
  event('message_start', {
    type: 'message_start',
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      content: [],
      usage: {
        input_tokens: 12,
        cache_creation_input_tokens: 200,
        cache_read_input_tokens: 1800,
        output_tokens: 1,
      },
    },
  }),
  event('ping', { type: 'ping' }),
  event('content_block_start', {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'text', text: '' },
  }),
  event('content_block_delta', {
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'text_delta', text: '"usage":{"output_tokens":999} is only text' },
  }),
  event('content_block_stop', { type: 'content_block_stop', index: 0 }),
  event('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 42, cache_read_input_tokens: null },
  }),
];

describe('AnthropicPassthroughObserver', () => {
  it('merges usage of message_start and message_delta and never hides an event', () => {
    const observer = anthropicMessagesDialect.createPassthroughObserver(false);
    expect(observer.usage()).toBeUndefined();
    for (const item of stream) expect(observer.observe(item)).toBe(false);
    expect(observer.usage()).toEqual({
      inputTokens: 2012,
      outputTokens: 42,
      totalTokens: 2054,
      cachedInputTokens: 1800,
      cacheWriteTokens: 200,
    });
    expect(observer.observe(event('message_stop', { type: 'message_stop' }))).toBe(false);
    expect(observer.end()).toBe('');
  });

  it('fails a stream that ended without message_stop', () => {
    const observer = anthropicMessagesDialect.createPassthroughObserver(true);
    for (const item of stream) observer.observe(item);
    expect(() => observer.end()).toThrow(GatewayError);
    expect(() => observer.end()).toThrow(/before message_stop/);
  });

  it('reports the upstream error event as the reason the stream failed', () => {
    const observer = anthropicMessagesDialect.createPassthroughObserver(true);
    observer.observe(stream[0] as SseEvent);
    observer.observe(
      event('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    );
    expect(() => observer.end()).toThrow(
      expect.objectContaining({ code: 'upstream_unavailable', status: 503 }),
    );
  });

  it('reads events that come without an event name, and survives data that is not JSON', () => {
    const observer = anthropicMessagesDialect.createPassthroughObserver(true);
    expect(
      observer.observe({
        event: undefined,
        data: '{"type": "message_delta", "usage": {"output_tokens": 5}}',
      }),
    ).toBe(false);
    expect(observer.observe({ event: 'message_delta', data: 'not json' })).toBe(false);
    expect(observer.usage()).toMatchObject({ outputTokens: 5 });
    observer.observe({ event: undefined, data: '{"type":"message_stop"}' });
    expect(observer.end()).toBe('');
  });
});
