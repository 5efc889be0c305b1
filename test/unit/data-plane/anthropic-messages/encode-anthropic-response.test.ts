import { describe, expect, it } from 'vitest';
import type { ChatChoice, ChatResponse, FinishReason } from '../../../../src/core/chat.js';
import { encodeAnthropicResponse } from '../../../../src/data-plane/anthropic-messages/encode-anthropic-response.js';
import { anthropicMessagesDialect } from '../../../../src/data-plane/anthropic-messages/anthropic-messages-dialect.js';

const choice = (fields: Partial<ChatChoice>): ChatChoice => ({
  index: 0,
  text: 'Hi',
  reasoning: [],
  toolCalls: [],
  finishReason: 'stop',
  ...fields,
});
const response = (fields: Partial<ChatChoice>, extra: Partial<ChatResponse> = {}): ChatResponse => ({
  id: 'chatcmpl-1',
  model: 'gpt-4o-2024',
  created: 1,
  choices: [choice(fields)],
  ...extra,
});

describe('encodeAnthropicResponse', () => {
  it('writes an Anthropic message with blocks ordered thinking, text, tool use and parsed input', () => {
    const body = encodeAnthropicResponse(
      response(
        {
          text: 'Checking the weather.',
          reasoning: [
            { type: 'reasoning', text: 'The user wants weather.', signature: 'sig' },
            { type: 'reasoning', text: '', redactedData: 'opaque' },
          ],
          toolCalls: [
            { id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' },
            { id: 'call_2', name: 'time', arguments: '' },
          ],
          finishReason: 'tool_calls',
        },
        {
          usage: {
            inputTokens: 100,
            outputTokens: 20,
            totalTokens: 120,
            cachedInputTokens: 60,
            cacheWriteTokens: 30,
          },
        },
      ),
    );
    expect(body).toEqual({
      id: 'chatcmpl-1',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-2024',
      content: [
        { type: 'thinking', thinking: 'The user wants weather.', signature: 'sig' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Checking the weather.' },
        { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Oslo' } },
        { type: 'tool_use', id: 'call_2', name: 'time', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        cache_creation_input_tokens: 30,
        cache_read_input_tokens: 60,
        output_tokens: 20,
      },
    });
  });

  it('maps each finish reason to its stop_reason', () => {
    const cases: [FinishReason | null, string | null][] = [
      ['stop', 'end_turn'],
      ['length', 'max_tokens'],
      ['tool_calls', 'tool_use'],
      ['content_filter', 'refusal'],
      [null, null],
    ];
    for (const [finishReason, stopReason] of cases) {
      expect(encodeAnthropicResponse(response({ finishReason }))['stop_reason']).toBe(stopReason);
    }
  });

  it('says tool_use when calls came with a plain stop (Gemini), and refusal for an OpenAI refusal', () => {
    const gemini = response({
      text: null,
      toolCalls: [{ id: 'c', name: 'n', arguments: '{}' }],
      finishReason: 'stop',
    });
    expect(encodeAnthropicResponse(gemini)['stop_reason']).toBe('tool_use');
    const refused = encodeAnthropicResponse(response({ text: null, refusal: 'I cannot help with that.' }));
    expect(refused).toMatchObject({
      content: [{ type: 'text', text: 'I cannot help with that.' }],
      stop_reason: 'refusal',
    });
  });

  it('turns arguments that are not a JSON object into an empty input, and leaves out empty text', () => {
    const body = encodeAnthropicResponse(
      response({
        text: '',
        toolCalls: [{ id: 'c', name: 'n', arguments: '{"cut": ' }],
        finishReason: 'length',
      }),
    );
    expect(body['content']).toEqual([{ type: 'tool_use', id: 'c', name: 'n', input: {} }]);
  });

  it('gives a message id when the upstream had none and zero usage when it reported none', () => {
    const body = encodeAnthropicResponse(response({}, { id: '' }));
    expect(body['id']).toMatch(/^msg_[0-9a-f]{24}$/);
    expect(body['usage']).toEqual({
      input_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 0,
    });
  });

  it('reads usage of a passed-through body, cache counts included', () => {
    expect(
      anthropicMessagesDialect.usageFromResponse({
        usage: {
          input_tokens: 12,
          cache_creation_input_tokens: 200,
          cache_read_input_tokens: 1800,
          output_tokens: 6,
        },
      }),
    ).toEqual({
      inputTokens: 2012,
      outputTokens: 6,
      totalTokens: 2018,
      cachedInputTokens: 1800,
      cacheWriteTokens: 200,
    });
    expect(anthropicMessagesDialect.usageFromResponse('nope')).toBeUndefined();
  });
});
