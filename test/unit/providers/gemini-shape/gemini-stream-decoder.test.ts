import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent, JsonObject } from '../../../../src/core/chat.js';
import { GeminiStreamDecoder } from '../../../../src/providers/gemini-shape/gemini-stream-decoder.js';

function decodeAll(chunks: JsonObject[]): ChatStreamEvent[] {
  const decoder = new GeminiStreamDecoder('gem', 'gemini-2.5-flash');
  return chunks.flatMap((chunk) => decoder.decode({ event: undefined, data: JSON.stringify(chunk) }));
}

const text = (value: string, extra: JsonObject = {}): JsonObject => ({
  candidates: [{ content: { role: 'model', parts: [{ text: value }] }, index: 0, ...extra }],
});

describe('GeminiStreamDecoder', () => {
  it('starts once, streams text and thoughts, and sends usage once after the finish', () => {
    const finalUsage = {
      promptTokenCount: 4,
      candidatesTokenCount: 2,
      thoughtsTokenCount: 3,
      totalTokenCount: 9,
    };
    const events = decodeAll([
      {
        candidates: [{ content: { parts: [{ text: 'Hmm.', thought: true }] } }],
        usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 },
        modelVersion: 'gemini-2.5-flash-001',
        responseId: 'r-1',
      },
      text('Hel'),
      { ...text('lo', { finishReason: 'STOP' }), usageMetadata: finalUsage },
    ]);
    expect(events).toEqual([
      { type: 'start', id: 'r-1', model: 'gemini-2.5-flash-001', created: expect.any(Number) as number },
      { type: 'reasoning-delta', choice: 0, text: 'Hmm.' },
      { type: 'text-delta', choice: 0, text: 'Hel' },
      { type: 'text-delta', choice: 0, text: 'lo' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 4, outputTokens: 5, totalTokens: 9, reasoningTokens: 3 } },
    ]);
  });

  it('numbers function calls per choice and finishes with tool_calls', () => {
    const events = decodeAll([
      {
        candidates: [
          {
            content: {
              parts: [
                {
                  functionCall: { id: 'a', name: 'get_weather', args: { city: 'Oslo' } },
                  thoughtSignature: 'U0lH',
                },
                { functionCall: { id: 'b', name: 'get_weather', args: { city: 'Rome' } } },
              ],
            },
          },
        ],
      },
      { candidates: [{ content: { parts: [{ text: '' }] }, finishReason: 'STOP' }] },
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'a__ts__U0lH', name: 'get_weather' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"city":"Oslo"}' },
      { type: 'tool-call-start', choice: 0, toolIndex: 1, id: 'b', name: 'get_weather' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 1, argumentsDelta: '{"city":"Rome"}' },
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
    ]);
  });

  it('sends usage that arrives after the finish, and only once', () => {
    const events = decodeAll([
      text('Hi', { finishReason: 'MAX_TOKENS' }),
      { usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 } },
      { usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 } },
    ]);
    expect(events.map((event) => event.type)).toEqual(['start', 'text-delta', 'finish', 'usage']);
    expect(events[2]).toEqual({ type: 'finish', choice: 0, finishReason: 'length' });
  });

  it('waits for every choice to finish before sending usage', () => {
    const usageMetadata = { promptTokenCount: 1, candidatesTokenCount: 2, totalTokenCount: 3 };
    const events = decodeAll([
      {
        candidates: [
          { index: 0, content: { parts: [{ text: 'a' }] }, finishReason: 'STOP' },
          { index: 1, content: { parts: [{ text: 'b' }] } },
        ],
        usageMetadata,
      },
      {
        candidates: [{ index: 1, content: { parts: [{ text: 'c' }] }, finishReason: 'STOP' }],
        usageMetadata,
      },
    ]);
    expect(events.map((event) => event.type)).toEqual([
      'start',
      'text-delta',
      'finish',
      'text-delta',
      'text-delta',
      'finish',
      'usage',
    ]);
  });

  it('finishes a blocked prompt with content_filter', () => {
    const events = decodeAll([
      {
        promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
        usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 },
      },
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'finish', choice: 0, finishReason: 'content_filter' },
      { type: 'usage', usage: { inputTokens: 7, outputTokens: 0, totalTokens: 7 } },
    ]);
  });

  it('falls back to a generated id and the requested model', () => {
    const [start] = decodeAll([text('x')]);
    expect(start).toMatchObject({ type: 'start', model: 'gemini-2.5-flash' });
    expect(start?.type === 'start' ? start.id : '').toMatch(/^chatcmpl-/);
  });

  it('ignores empty events and rejects data that is not a JSON object', () => {
    const decoder = new GeminiStreamDecoder('gem', 'm');
    expect(decoder.decode({ event: undefined, data: '' })).toEqual([]);
    expect(() => decoder.decode({ event: undefined, data: '{oops' })).toThrow(
      expect.objectContaining({ code: 'upstream_bad_response' }),
    );
    expect(() => decoder.decode({ event: undefined, data: '[1]' })).toThrow(
      expect.objectContaining({ code: 'upstream_bad_response' }),
    );
  });

  it('reports an error event with the vendor message and status', () => {
    const decoder = new GeminiStreamDecoder('gem', 'm');
    const data = JSON.stringify({ error: { code: 500, message: 'Internal error', status: 'INTERNAL' } });
    expect(() => decoder.decode({ event: undefined, data })).toThrow(
      expect.objectContaining({
        code: 'upstream_error',
        provider: { provider: 'gem', message: 'Internal error', type: 'INTERNAL' },
      }),
    );
  });
});
