import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../../src/core/chat.js';
import { AnthropicStreamEncoder } from '../../../../src/data-plane/anthropic-messages/anthropic-stream-encoder.js';
import { parseSseFrames, type SseFrame } from '../../../support/parse-sse-frames.js';

interface Block {
  type: string;
  text: string;
  signature?: string;
  json: string;
  id?: string | undefined;
  name?: string | undefined;
  data?: string | undefined;
}

/** Replays the frames the way a strict Anthropic client does, checking the protocol on the way. */
function assemble(frames: SseFrame[]): {
  message: Record<string, unknown>;
  blocks: Block[];
  stop: Record<string, unknown>;
} {
  expect(frames[0]?.event).toBe('message_start');
  expect(frames.at(-1)?.event).toBe('message_stop');
  expect(frames.at(-2)?.event).toBe('message_delta');
  const blocks: Block[] = [];
  let open: number | undefined;
  for (const { event, data } of frames) {
    expect(data['type']).toBe(event);
    const index = data['index'] as number;
    if (event === 'content_block_start') {
      expect(open).toBeUndefined();
      expect(index).toBe(blocks.length);
      const block = data['content_block'] as Record<string, string>;
      blocks.push({
        type: block['type'] ?? '',
        text: '',
        json: '',
        id: block['id'],
        name: block['name'],
        data: block['data'],
      });
      open = index;
    } else if (event === 'content_block_delta') {
      expect(index).toBe(open);
      const delta = data['delta'] as Record<string, string>;
      const block = blocks[index] as Block;
      if (delta['type'] === 'text_delta') block.text += delta['text'];
      else if (delta['type'] === 'thinking_delta') block.text += delta['thinking'];
      else if (delta['type'] === 'signature_delta') block.signature = delta['signature'] ?? '';
      else if (delta['type'] === 'input_json_delta') block.json += delta['partial_json'];
      else throw new Error(`unexpected delta ${delta['type']}`);
    } else if (event === 'content_block_stop') {
      expect(index).toBe(open);
      open = undefined;
    }
  }
  expect(open).toBeUndefined();
  return {
    message: frames[0]?.data['message'] as Record<string, unknown>,
    blocks,
    stop: frames.at(-2)?.data as Record<string, unknown>,
  };
}

function run(events: ChatStreamEvent[]): SseFrame[] {
  const encoder = new AnthropicStreamEncoder('upstream-model');
  let text = '';
  for (const event of events) text += encoder.encode(event) ?? '';
  return parseSseFrames(text + encoder.done());
}

const start: ChatStreamEvent = { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o-2024', created: 1 };
const text = (value: string): ChatStreamEvent => ({ type: 'text-delta', choice: 0, text: value });
const toolStart = (toolIndex: number, id: string, name: string): ChatStreamEvent => ({
  type: 'tool-call-start',
  choice: 0,
  toolIndex,
  id,
  name,
});
const toolDelta = (toolIndex: number, argumentsDelta: string): ChatStreamEvent => ({
  type: 'tool-input-delta',
  choice: 0,
  toolIndex,
  argumentsDelta,
});

describe('AnthropicStreamEncoder', () => {
  it('streams text as one block and reports usage that arrived after the finish in message_delta', () => {
    const frames = run([
      start,
      text('Hel'),
      text('lo'),
      { type: 'finish', choice: 0, finishReason: 'stop' },
      {
        type: 'usage',
        usage: {
          inputTokens: 20,
          outputTokens: 2,
          totalTokens: 22,
          cachedInputTokens: 12,
          cacheWriteTokens: 3,
        },
      },
    ]);
    expect(frames.map((frame) => frame.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const { message, blocks, stop } = assemble(frames);
    expect(message).toMatchObject({
      id: 'chatcmpl-1',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-2024',
      content: [],
    });
    expect(blocks).toEqual([{ type: 'text', text: 'Hello', json: '' }]);
    expect(stop).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: {
        input_tokens: 5,
        cache_creation_input_tokens: 3,
        cache_read_input_tokens: 12,
        output_tokens: 2,
      },
    });
  });

  it('puts thinking with its signature before text, each in its own block', () => {
    const { blocks } = assemble(
      run([
        start,
        { type: 'reasoning-delta', choice: 0, text: 'Think' },
        { type: 'reasoning-delta', choice: 0, text: 'ing.' },
        { type: 'reasoning-signature', choice: 0, signature: 'sig==' },
        { type: 'reasoning-redacted', choice: 0, data: 'opaque' },
        text('Answer'),
        { type: 'finish', choice: 0, finishReason: 'length' },
      ]),
    );
    expect(blocks).toEqual([
      { type: 'thinking', text: 'Thinking.', signature: 'sig==', json: '' },
      { type: 'redacted_thinking', text: '', json: '', data: 'opaque' },
      { type: 'text', text: 'Answer', json: '' },
    ]);
  });

  it('writes parallel tool calls as consecutive blocks even when their arguments interleave', () => {
    const frames = run([
      start,
      text('Let me check.'),
      toolStart(0, 'call_a', 'weather'),
      toolDelta(0, '{"city":'),
      toolStart(1, 'call_b', 'time'),
      toolDelta(0, '"Oslo"}'),
      toolStart(2, 'call_c', 'news'),
      toolDelta(1, '{"tz":'),
      toolDelta(2, '{"topic":"ski"}'),
      toolDelta(1, '"CET"}'),
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
    ]);
    const { blocks, stop } = assemble(frames);
    expect(blocks).toEqual([
      { type: 'text', text: 'Let me check.', json: '' },
      { type: 'tool_use', text: '', json: '{"city":"Oslo"}', id: 'call_a', name: 'weather' },
      { type: 'tool_use', text: '', json: '{"tz":"CET"}', id: 'call_b', name: 'time' },
      { type: 'tool_use', text: '', json: '{"topic":"ski"}', id: 'call_c', name: 'news' },
    ]);
    expect(stop['delta']).toEqual({ stop_reason: 'tool_use', stop_sequence: null });
  });

  it('streams a call that arrives whole (Gemini) live and says tool_use even after a plain stop', () => {
    const encoder = new AnthropicStreamEncoder('gemini-2.5-flash');
    const first = encoder.encode(toolStart(0, 'call_1', 'weather')) ?? '';
    const second = encoder.encode(toolDelta(0, '{"city":"Oslo"}')) ?? '';
    expect(parseSseFrames(first).map((frame) => frame.event)).toEqual([
      'message_start',
      'content_block_start',
    ]);
    expect(parseSseFrames(second)[0]?.data).toEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: '{"city":"Oslo"}' },
    });
    const third = encoder.encode(toolStart(1, 'call_2', 'time')) ?? '';
    expect(parseSseFrames(third).map((frame) => frame.data['type'])).toEqual([
      'content_block_stop',
      'content_block_start',
    ]);
    encoder.encode({ type: 'finish', choice: 0, finishReason: 'stop' });
    const end = parseSseFrames(encoder.done());
    expect(end.find((frame) => frame.event === 'message_delta')?.data['delta']).toMatchObject({
      stop_reason: 'tool_use',
    });
  });

  it('still delivers input for a call that was closed before it finished, at its own index', () => {
    const frames = run([
      toolStart(0, 'call_a', 'a'),
      toolDelta(0, '{}'),
      toolStart(1, 'call_b', 'b'),
      toolDelta(0, ' '),
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
    ]);
    const late = frames.filter((frame) => frame.event === 'content_block_delta').at(-1);
    expect(late?.data).toEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: ' ' },
    });
  });

  it('emits message_start even without a start event, and a whole message for an empty stream', () => {
    const frames = run([{ type: 'finish', choice: 0, finishReason: 'stop' }]);
    const { message, blocks, stop } = assemble(frames);
    expect(message['model']).toBe('upstream-model');
    expect(String(message['id'])).toMatch(/^msg_/);
    expect(blocks).toEqual([]);
    expect(stop['usage']).toEqual({
      input_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 0,
    });
  });

  it('ignores choices other than the first and maps content_filter to refusal', () => {
    const { blocks, stop } = assemble(
      run([
        start,
        text('a'),
        { type: 'text-delta', choice: 1, text: 'b' },
        { type: 'finish', choice: 1, finishReason: 'length' },
        { type: 'finish', choice: 0, finishReason: 'content_filter' },
      ]),
    );
    expect(blocks.map((block) => block.text)).toEqual(['a']);
    expect(stop['delta']).toMatchObject({ stop_reason: 'refusal' });
  });
});
