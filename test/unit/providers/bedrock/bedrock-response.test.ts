import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src/core/chat.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { fromConverseResponse } from '../../../../src/providers/bedrock/from-converse-response.js';
import { readConverseStopReason } from '../../../../src/providers/bedrock/read-converse-stop-reason.js';

const request: ChatRequest = {
  model: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
  messages: [],
  stream: false,
  includeUsage: false,
};

function converse(content: unknown[], stopReason = 'end_turn', usage: unknown = undefined): unknown {
  return {
    output: { message: { role: 'assistant', content } },
    stopReason,
    usage,
    metrics: { latencyMs: 1 },
  };
}

describe('fromConverseResponse', () => {
  it('reads text, signed and redacted reasoning, tool calls and usage with cache tokens', () => {
    const response = fromConverseResponse(
      converse(
        [
          { reasoningContent: { reasoningText: { text: 'Think.', signature: 'sig' } } },
          { reasoningContent: { redactedContent: 'ZW5jcnlwdGVk' } },
          { text: 'Hello' },
          { text: ' there' },
          { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } },
        ],
        'tool_use',
        {
          inputTokens: 10,
          outputTokens: 5,
          totalTokens: 115,
          cacheReadInputTokens: 90,
          cacheWriteInputTokens: 10,
        },
      ),
      request,
    );
    expect(response.model).toBe(request.model);
    expect(response.id).toMatch(/^chatcmpl-/);
    expect(response.choices).toEqual([
      {
        index: 0,
        text: 'Hello there',
        reasoning: [
          { type: 'reasoning', text: 'Think.', signature: 'sig' },
          { type: 'reasoning', text: '', redactedData: 'ZW5jcnlwdGVk' },
        ],
        toolCalls: [{ id: 'tooluse_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        finishReason: 'tool_calls',
      },
    ]);
    expect(response.usage).toEqual({
      inputTokens: 110,
      outputTokens: 5,
      totalTokens: 115,
      cachedInputTokens: 90,
      cacheWriteTokens: 10,
    });
  });

  it('has null text and no usage when Bedrock sent neither', () => {
    const response = fromConverseResponse(converse([]), request);
    expect(response.choices[0]?.text).toBeNull();
    expect(response).not.toHaveProperty('usage');
  });

  it('returns the forced json_response tool input as text with finish reason stop', () => {
    const jsonRequest: ChatRequest = { ...request, responseFormat: { type: 'json_schema', name: 'x' } };
    const response = fromConverseResponse(
      converse([{ toolUse: { toolUseId: 't', name: 'json_response', input: { answer: 4 } } }], 'tool_use'),
      jsonRequest,
    );
    expect(response.choices[0]).toMatchObject({ text: '{"answer":4}', toolCalls: [], finishReason: 'stop' });
  });

  it('treats a json_response tool as an ordinary call when the client asked for no schema', () => {
    const response = fromConverseResponse(
      converse([{ toolUse: { toolUseId: 't', name: 'json_response', input: {} } }], 'tool_use'),
      request,
    );
    expect(response.choices[0]).toMatchObject({ text: null, finishReason: 'tool_calls' });
    expect(response.choices[0]?.toolCalls).toHaveLength(1);
  });

  it('refuses a body without output.message.content', () => {
    for (const body of [null, {}, { output: {} }, { output: { message: { content: 'x' } } }]) {
      expect(() => fromConverseResponse(body, request)).toThrow(GatewayError);
    }
  });
});

describe('readConverseStopReason', () => {
  it('maps every documented stop reason', () => {
    expect(readConverseStopReason('end_turn')).toBe('stop');
    expect(readConverseStopReason('stop_sequence')).toBe('stop');
    expect(readConverseStopReason('tool_use')).toBe('tool_calls');
    expect(readConverseStopReason('max_tokens')).toBe('length');
    expect(readConverseStopReason('model_context_window_exceeded')).toBe('length');
    expect(readConverseStopReason('guardrail_intervened')).toBe('content_filter');
    expect(readConverseStopReason('content_filtered')).toBe('content_filter');
    expect(readConverseStopReason('something_new')).toBe('stop');
    expect(readConverseStopReason(undefined)).toBeNull();
  });
});
