import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent, JsonObject } from '../../../../src/core/chat.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { ConverseStreamDecoder } from '../../../../src/providers/bedrock/converse-stream-decoder.js';
import { createFrameDecoder } from '../../../../src/upstream/create-frame-decoder.js';
import type { SseEvent } from '../../../../src/upstream/sse-decoder.js';
import {
  bedrockEvent,
  bedrockException,
  encodeAwsEventStream,
  type AwsEventStreamFrame,
} from '../../../support/encode-aws-event-stream.js';

const event = (type: string, data: JsonObject = {}): SseEvent => ({
  event: type,
  data: JSON.stringify(data),
});
const delta = (index: number, value: JsonObject): SseEvent =>
  event('contentBlockDelta', { contentBlockIndex: index, delta: value, p: 'abc' });
const toolStart = (index: number, id: string, name: string): SseEvent =>
  event('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: id, name } } });

function decodeAll(decoder: ConverseStreamDecoder, events: SseEvent[]): ChatStreamEvent[] {
  return events.flatMap((item) => decoder.decode(item));
}

function thrown(action: () => unknown): GatewayError {
  try {
    action();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

/** Bytes as Bedrock sends them, through the real frame decoder, into a ConverseStreamDecoder. */
function decodeBytes(
  frames: AwsEventStreamFrame[],
  decoder = new ConverseStreamDecoder('bedrock', 'm', false),
): ChatStreamEvent[] {
  const bytes = encodeAwsEventStream(frames);
  const framing = createFrameDecoder('aws-event-stream');
  const events: ChatStreamEvent[] = [];
  for (let start = 0; start < bytes.length; start += 5) {
    for (const item of framing.push(bytes.subarray(start, start + 5))) events.push(...decoder.decode(item));
  }
  for (const item of framing.end()) events.push(...decoder.decode(item));
  return events;
}

describe('ConverseStreamDecoder', () => {
  it('decodes a text stream: start, deltas, finish, then usage from metadata', () => {
    const events = decodeAll(new ConverseStreamDecoder('bedrock', 'meta.llama3-1-8b-instruct-v1:0', false), [
      event('messageStart', { role: 'assistant' }),
      delta(0, { text: 'Hel' }),
      delta(0, { text: '' }),
      delta(0, { text: 'lo' }),
      event('contentBlockStop', { contentBlockIndex: 0 }),
      event('messageStop', { stopReason: 'end_turn' }),
      event('metadata', {
        usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7, cacheReadInputTokens: 3 },
        metrics: { latencyMs: 9 },
      }),
    ]);
    expect(events[0]).toMatchObject({ type: 'start', model: 'meta.llama3-1-8b-instruct-v1:0' });
    expect(events[0]).toHaveProperty('id', expect.stringMatching(/^chatcmpl-/));
    expect(events.slice(1)).toEqual([
      { type: 'text-delta', choice: 0, text: 'Hel' },
      { type: 'text-delta', choice: 0, text: 'lo' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 8, outputTokens: 2, totalTokens: 10, cachedInputTokens: 3 } },
    ]);
  });

  it('numbers parallel tool calls from 0 and streams their partial input', () => {
    const events = decodeAll(new ConverseStreamDecoder('bedrock', 'm', false), [
      delta(0, { text: 'On it.' }),
      toolStart(1, 'tooluse_a', 'get_weather'),
      delta(1, { toolUse: { input: '' } }),
      delta(1, { toolUse: { input: '{"city":' } }),
      toolStart(2, 'tooluse_b', 'get_time'),
      delta(2, { toolUse: { input: '{}' } }),
      delta(1, { toolUse: { input: '"Paris"}' } }),
      delta(7, { toolUse: { input: '{"orphan":1}' } }),
      event('messageStop', { stopReason: 'tool_use' }),
    ]);
    expect(events).toEqual([
      { type: 'text-delta', choice: 0, text: 'On it.' },
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'tooluse_a', name: 'get_weather' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-start', choice: 0, toolIndex: 1, id: 'tooluse_b', name: 'get_time' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 1, argumentsDelta: '{}' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 0, argumentsDelta: '"Paris"}' },
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
    ]);
  });

  it('streams reasoning text, its signature and redacted reasoning', () => {
    const events = decodeAll(new ConverseStreamDecoder('bedrock', 'm', false), [
      delta(0, { reasoningContent: { text: 'Let me think.' } }),
      delta(0, { reasoningContent: { text: '' } }),
      delta(0, { reasoningContent: { signature: 'EqQBCkgIAxABGAIiQL' } }),
      delta(1, { reasoningContent: { redactedContent: 'c2VjcmV0' } }),
      delta(2, { citation: { title: 'x' } }),
    ]);
    expect(events).toEqual([
      { type: 'reasoning-delta', choice: 0, text: 'Let me think.' },
      { type: 'reasoning-signature', choice: 0, signature: 'EqQBCkgIAxABGAIiQL' },
      { type: 'reasoning-redacted', choice: 0, data: 'c2VjcmV0' },
    ]);
  });

  it('streams the forced json_response tool input as text and finishes with stop', () => {
    const events = decodeAll(new ConverseStreamDecoder('bedrock', 'm', true), [
      toolStart(0, 'tooluse_j', 'json_response'),
      delta(0, { toolUse: { input: '{"answer":' } }),
      delta(0, { toolUse: { input: '4}' } }),
      event('messageStop', { stopReason: 'tool_use' }),
    ]);
    expect(events).toEqual([
      { type: 'text-delta', choice: 0, text: '{"answer":' },
      { type: 'text-delta', choice: 0, text: '4}' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
    ]);
  });

  it('maps guardrail and length stops', () => {
    const decoder = new ConverseStreamDecoder('bedrock', 'm', false);
    expect(decoder.decode(event('messageStop', { stopReason: 'guardrail_intervened' }))).toEqual([
      { type: 'finish', choice: 0, finishReason: 'content_filter' },
    ]);
    expect(decoder.decode(event('messageStop', { stopReason: 'max_tokens' }))).toEqual([
      { type: 'finish', choice: 0, finishReason: 'length' },
    ]);
  });

  it('throws the matching GatewayError for each mid-stream exception', () => {
    const cases: [string, string][] = [
      ['throttlingException', 'rate_limit_exceeded'],
      ['serviceUnavailableException', 'upstream_unavailable'],
      ['internalServerException', 'upstream_error'],
      ['modelStreamErrorException', 'upstream_error'],
      ['modelTimeoutException', 'upstream_timeout'],
      ['validationException', 'upstream_invalid_request'],
      ['somethingNewException', 'upstream_error'],
    ];
    for (const [exception, code] of cases) {
      const error = thrown(() =>
        new ConverseStreamDecoder('bedrock-main', 'm', false).decode({
          event: `exception:${exception}`,
          data: JSON.stringify({ message: 'Boom.' }),
        }),
      );
      expect(error.code, exception).toBe(code);
      expect(error.message).toBe('Provider bedrock-main failed mid-stream: Boom.');
      expect(error.provider).toEqual({
        provider: 'bedrock-main',
        message: 'Boom.',
        type: exception.charAt(0).toUpperCase() + exception.slice(1),
      });
    }
  });

  it('throws upstream_error for an unmodeled error frame, with its message', () => {
    const error = thrown(() =>
      new ConverseStreamDecoder('b', 'm', false).decode({
        event: 'error:InternalFailure',
        data: 'It broke.',
      }),
    );
    expect(error.code).toBe('upstream_error');
    expect(error.provider).toMatchObject({ message: 'It broke.', type: 'InternalFailure' });
  });

  it('refuses events whose payload is not a JSON object', () => {
    const decoder = new ConverseStreamDecoder('b', 'm', false);
    expect(thrown(() => decoder.decode({ event: 'contentBlockDelta', data: 'not json' })).code).toBe(
      'upstream_bad_response',
    );
    expect(thrown(() => decoder.decode({ event: 'contentBlockDelta', data: '[1]' })).code).toBe(
      'upstream_bad_response',
    );
  });

  it('decodes binary frames split into 5-byte pieces, up to a throttling exception', () => {
    const decoder = new ConverseStreamDecoder('bedrock', 'm', false);
    const error = thrown(() =>
      decodeBytes(
        [
          bedrockEvent('messageStart', { role: 'assistant' }),
          bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Partial' } }),
          bedrockException('throttlingException', 'Too many tokens, please wait before trying again.'),
        ],
        decoder,
      ),
    );
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.provider?.message).toBe('Too many tokens, please wait before trying again.');
    expect(
      decodeBytes([
        bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Whole' } }),
        bedrockEvent('messageStop', { stopReason: 'end_turn' }),
      ]),
    ).toEqual([
      { type: 'text-delta', choice: 0, text: 'Whole' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
    ]);
  });
});
