import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent, JsonObject } from '../../../../src/core/chat.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { CohereStreamDecoder } from '../../../../src/providers/cohere/cohere-stream-decoder.js';

function decodeAll(events: JsonObject[]): ChatStreamEvent[] {
  const decoder = new CohereStreamDecoder('co', 'command-a-03-2025');
  return events.flatMap((data) =>
    decoder.decode({
      event: typeof data['type'] === 'string' ? data['type'] : undefined,
      data: JSON.stringify(data),
    }),
  );
}

const start: JsonObject = {
  id: 'msg-1',
  type: 'message-start',
  delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [] } },
};
const end = (reason: string): JsonObject => ({
  type: 'message-end',
  delta: { finish_reason: reason, usage: { billed_units: { input_tokens: 5, output_tokens: 6 } } },
});

describe('CohereStreamDecoder', () => {
  it('streams text and thinking, then the finish and usage', () => {
    const events = decodeAll([
      start,
      {
        type: 'content-start',
        index: 0,
        delta: { message: { content: { type: 'thinking', thinking: '' } } },
      },
      { type: 'content-delta', index: 0, delta: { message: { content: { thinking: 'Hmm.' } } } },
      { type: 'content-end', index: 0 },
      { type: 'content-start', index: 1, delta: { message: { content: { type: 'text', text: '' } } } },
      { type: 'content-delta', index: 1, delta: { message: { content: { text: 'Hel' } } }, logprobs: null },
      { type: 'content-delta', index: 1, delta: { message: { content: { text: 'lo' } } } },
      { type: 'content-end', index: 1 },
      end('COMPLETE'),
    ]);
    expect(events).toEqual([
      { type: 'start', id: 'msg-1', model: 'command-a-03-2025', created: expect.any(Number) as number },
      { type: 'reasoning-delta', choice: 0, text: 'Hmm.' },
      { type: 'text-delta', choice: 0, text: 'Hel' },
      { type: 'text-delta', choice: 0, text: 'lo' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 6, totalTokens: 11 } },
    ]);
  });

  it('streams the tool plan as reasoning and numbers parallel tool calls from 0', () => {
    const call = (index: number, id: string): JsonObject => ({
      type: 'tool-call-start',
      index,
      delta: {
        message: { tool_calls: { id, type: 'function', function: { name: 'get_weather', arguments: '' } } },
      },
    });
    const args = (index: number, fragment: string): JsonObject => ({
      type: 'tool-call-delta',
      index,
      delta: { message: { tool_calls: { function: { arguments: fragment } } } },
    });
    const events = decodeAll([
      start,
      { type: 'tool-plan-delta', delta: { message: { tool_plan: 'I will look.' } } },
      call(3, 'a'),
      args(3, '{"city":'),
      args(3, '"Oslo"}'),
      { type: 'tool-call-end', index: 3 },
      call(4, 'b'),
      args(4, '{}'),
      end('TOOL_CALL'),
    ]);
    expect(events.slice(1, -1)).toEqual([
      { type: 'reasoning-delta', choice: 0, text: 'I will look.' },
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'a', name: 'get_weather' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"city":' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 0, argumentsDelta: '"Oslo"}' },
      { type: 'tool-call-start', choice: 0, toolIndex: 1, id: 'b', name: 'get_weather' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 1, argumentsDelta: '{}' },
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
    ]);
  });

  it('ends with an error when Cohere finishes with ERROR mid-stream', () => {
    const decoder = new CohereStreamDecoder('co', 'm');
    decoder.decode({ event: 'message-start', data: JSON.stringify(start) });
    const failing = {
      event: 'message-end',
      data: JSON.stringify({
        type: 'message-end',
        delta: { finish_reason: 'ERROR', error: 'internal failure' },
      }),
    };
    expect(() => decoder.decode(failing)).toThrow('Provider co failed mid-stream: internal failure');
  });

  it('ignores [DONE], citations and blank events; refuses events that are not JSON objects', () => {
    const decoder = new CohereStreamDecoder('co', 'm');
    expect(decoder.decode({ event: undefined, data: '[DONE]' })).toEqual([]);
    expect(decoder.decode({ event: undefined, data: ' ' })).toEqual([]);
    expect(decoder.decode({ event: 'citation-start', data: '{"type":"citation-start","index":0}' })).toEqual(
      [],
    );
    expect(() => decoder.decode({ event: undefined, data: 'oops' })).toThrow(GatewayError);
    expect(() => decoder.decode({ event: undefined, data: '[1]' })).toThrow(GatewayError);
  });
});
