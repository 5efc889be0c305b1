import { describe, expect, it } from 'vitest';
import { fromGeminiResponse } from '../../../../src/providers/gemini-shape/from-gemini-response.js';
import { readGeminiFinishReason } from '../../../../src/providers/gemini-shape/read-gemini-finish-reason.js';
import { readGeminiUsage } from '../../../../src/providers/gemini-shape/read-gemini-usage.js';
import { splitGeminiToolCallId } from '../../../../src/providers/gemini-shape/gemini-tool-call-id.js';

describe('fromGeminiResponse', () => {
  it('joins text parts, keeps thoughts as reasoning and reads usage', () => {
    const response = fromGeminiResponse(
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { text: 'Let me think.', thought: true },
                { text: 'Hello, ' },
                { text: 'world.' },
                { text: '', thoughtSignature: 'c2ln' },
              ],
            },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: {
          promptTokenCount: 10,
          candidatesTokenCount: 4,
          thoughtsTokenCount: 6,
          cachedContentTokenCount: 2,
          totalTokenCount: 20,
        },
        modelVersion: 'gemini-2.5-flash',
        responseId: 'resp-1',
      },
      'fallback',
    );
    expect(response).toMatchObject({
      id: 'resp-1',
      model: 'gemini-2.5-flash',
      choices: [
        {
          index: 0,
          text: 'Hello, world.',
          reasoning: [{ type: 'reasoning', text: 'Let me think.' }],
          toolCalls: [],
          finishReason: 'stop',
        },
      ],
      usage: { inputTokens: 10, outputTokens: 10, totalTokens: 20, cachedInputTokens: 2, reasoningTokens: 6 },
    });
    expect(typeof response.created).toBe('number');
  });

  it('turns function calls into tool calls that carry the thought signature', () => {
    const response = fromGeminiResponse(
      {
        candidates: [
          {
            content: {
              parts: [
                {
                  functionCall: { id: 'fc-1', name: 'get_weather', args: { city: 'Oslo' } },
                  thoughtSignature: 'AAA=',
                },
                { functionCall: { name: 'get_weather', args: { city: 'Rome' } } },
              ],
            },
            finishReason: 'STOP',
          },
        ],
      },
      'gemini-2.5-pro',
    );
    const choice = response.choices[0];
    expect(choice?.finishReason).toBe('tool_calls');
    expect(choice?.text).toBeNull();
    expect(choice?.toolCalls[0]).toEqual({
      id: 'fc-1__ts__AAA=',
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
    });
    expect(choice?.toolCalls[1]?.id).toMatch(/^call_[0-9a-f]{12}$/);
    expect(splitGeminiToolCallId(choice?.toolCalls[0]?.id ?? '')).toEqual({ id: 'fc-1', signature: 'AAA=' });
    expect(response.model).toBe('gemini-2.5-pro');
    expect(response.id).toMatch(/^chatcmpl-/);
    expect(response).not.toHaveProperty('usage');
  });

  it('answers a blocked prompt with one empty choice stopped by the filter', () => {
    const response = fromGeminiResponse(
      {
        promptFeedback: { blockReason: 'SAFETY' },
        usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 },
      },
      'm',
    );
    expect(response.choices).toEqual([
      { index: 0, text: null, reasoning: [], toolCalls: [], finishReason: 'content_filter' },
    ]);
    expect(response.usage).toEqual({ inputTokens: 5, outputTokens: 0, totalTokens: 5 });
  });

  it('maps Gemini logprobs to the OpenAI shape', () => {
    const response = fromGeminiResponse(
      {
        candidates: [
          {
            content: { parts: [{ text: 'Hi' }] },
            finishReason: 'STOP',
            logprobsResult: {
              chosenCandidates: [{ token: 'Hi', logProbability: -0.1 }],
              topCandidates: [
                {
                  candidates: [
                    { token: 'Hi', logProbability: -0.1 },
                    { token: 'Yo', logProbability: -2 },
                  ],
                },
              ],
            },
          },
        ],
      },
      'm',
    );
    expect(response.choices[0]?.logprobs).toEqual({
      content: [
        {
          token: 'Hi',
          logprob: -0.1,
          bytes: null,
          top_logprobs: [
            { token: 'Hi', logprob: -0.1, bytes: null },
            { token: 'Yo', logprob: -2, bytes: null },
          ],
        },
      ],
      refusal: null,
    });
  });

  it('rejects bodies it cannot read', () => {
    expect(() => fromGeminiResponse('nope', 'm')).toThrow(
      expect.objectContaining({ code: 'upstream_bad_response' }),
    );
    expect(() => fromGeminiResponse({ candidates: [] }, 'm')).toThrow(
      expect.objectContaining({ code: 'upstream_bad_response' }),
    );
  });
});

describe('readGeminiFinishReason', () => {
  it('maps every kind of finish reason', () => {
    expect(readGeminiFinishReason('STOP', false)).toBe('stop');
    expect(readGeminiFinishReason('STOP', true)).toBe('tool_calls');
    expect(readGeminiFinishReason('MAX_TOKENS', true)).toBe('length');
    for (const reason of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY'])
      expect(readGeminiFinishReason(reason, false)).toBe('content_filter');
    expect(readGeminiFinishReason('MALFORMED_FUNCTION_CALL', false)).toBe('stop');
    expect(readGeminiFinishReason(undefined, false)).toBeNull();
  });
});

describe('readGeminiUsage', () => {
  it('sums the output when Gemini leaves out the total and omits absent details', () => {
    expect(readGeminiUsage({ promptTokenCount: 3, candidatesTokenCount: 4 })).toEqual({
      inputTokens: 3,
      outputTokens: 4,
      totalTokens: 7,
    });
    expect(readGeminiUsage(undefined)).toBeUndefined();
  });
});
