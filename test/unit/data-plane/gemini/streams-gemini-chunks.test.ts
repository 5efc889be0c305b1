import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../../src/core/chat.js';
import { geminiDialect } from '../../../../src/data-plane/gemini/gemini-dialect.js';
import { OpenAiStreamDecoder } from '../../../../src/providers/openai/openai-stream-decoder.js';
import { SseDecoder } from '../../../../src/upstream/sse-decoder.js';

/** Runs events through a fresh encoder and returns the parsed chunks it wrote, `done()` included. */
function encode(events: ChatStreamEvent[]): Record<string, unknown>[] {
  const encoder = geminiDialect.createStreamEncoder('fallback-model', true);
  let text = '';
  for (const event of events) text += encoder.encode(event) ?? '';
  text += encoder.done();
  return new SseDecoder().push(text).map((event) => JSON.parse(event.data) as Record<string, unknown>);
}

const start: ChatStreamEvent = { type: 'start', id: 'resp-1', model: 'gpt-4o', created: 1 };

describe('the Gemini stream encoder', () => {
  it('sends text and thoughts as they come and ends with the finish reason and usage', () => {
    const chunks = encode([
      start,
      { type: 'reasoning-delta', choice: 0, text: 'Hmm.' },
      { type: 'reasoning-signature', choice: 0, signature: 'sig' },
      { type: 'text-delta', choice: 0, text: 'Hel' },
      { type: 'text-delta', choice: 0, text: '' },
      { type: 'text-delta', choice: 0, text: 'lo' },
      { type: 'finish', choice: 0, finishReason: 'length' },
      // OpenAI-format upstreams report usage after the finish.
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 } },
    ]);
    const header = { modelVersion: 'gpt-4o', responseId: 'resp-1' };
    expect(chunks).toEqual([
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Hmm.', thought: true }] }, index: 0 }],
        ...header,
      },
      {
        candidates: [
          {
            content: { role: 'model', parts: [{ text: '', thought: true, thoughtSignature: 'sig' }] },
            index: 0,
          },
        ],
        ...header,
      },
      { candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] }, index: 0 }], ...header },
      { candidates: [{ content: { role: 'model', parts: [{ text: 'lo' }] }, index: 0 }], ...header },
      {
        candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'MAX_TOKENS', index: 0 }],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 7 },
        ...header,
      },
    ]);
  });

  it('sends parallel function calls whole once their interleaved arguments are complete', () => {
    // The OpenAI decoder turns a real interleaved tool stream into canonical events.
    const decoder = new OpenAiStreamDecoder('openai');
    const chunk = (delta: unknown, finish: string | null = null): string =>
      JSON.stringify({
        id: 'c',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'gpt-4o',
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
    const events = [
      chunk({ role: 'assistant', content: null }),
      chunk({
        tool_calls: [
          { index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({
        tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '' } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"tz":"CET"}' } }] }),
      chunk({}, 'tool_calls'),
    ].flatMap((data) => decoder.decode({ event: undefined, data }));
    const chunks = encode(events);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).toMatchObject({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { functionCall: { id: 'call_a', name: 'weather', args: { city: 'Oslo' } } },
              { functionCall: { id: 'call_b', name: 'time', args: { tz: 'CET' } } },
            ],
          },
          index: 0,
        },
      ],
    });
    expect(chunks[1]).toMatchObject({ candidates: [{ finishReason: 'STOP', index: 0 }] });
    expect(chunks[1]).not.toHaveProperty('usageMetadata');
  });

  it('sends the calls as soon as their choice finishes, without waiting for usage', () => {
    const encoder = geminiDialect.createStreamEncoder('m', true);
    encoder.encode({ type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'toolu_1', name: 'weather' });
    expect(
      encoder.encode({ type: 'tool-input-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"city":' }),
    ).toBe(undefined);
    encoder.encode({ type: 'tool-input-delta', choice: 0, toolIndex: 0, argumentsDelta: '"Paris"}' });
    const atFinish = encoder.encode({ type: 'finish', choice: 0, finishReason: 'tool_calls' }) ?? '';
    expect(JSON.parse(atFinish.slice('data: '.length))).toMatchObject({
      candidates: [{ content: { parts: [{ functionCall: { id: 'toolu_1', args: { city: 'Paris' } } }] } }],
    });
    expect(encoder.done()).not.toContain('functionCall');
  });

  it('reports each candidate of a multi-choice answer under its own index', () => {
    const chunks = encode([
      start,
      { type: 'text-delta', choice: 1, text: 'B' },
      { type: 'finish', choice: 1, finishReason: 'stop' },
      { type: 'finish', choice: 0, finishReason: 'content_filter' },
    ]);
    expect(chunks.at(-1)?.['candidates']).toEqual([
      { content: { role: 'model', parts: [] }, finishReason: 'STOP', index: 1 },
      { content: { role: 'model', parts: [] }, finishReason: 'SAFETY', index: 0 },
    ]);
  });
});
