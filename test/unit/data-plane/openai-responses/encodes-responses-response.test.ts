import { describe, expect, it } from 'vitest';
import type { ChatChoice, ChatResponse } from '../../../../src/core/chat.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { openAiResponsesDialect } from '../../../../src/data-plane/openai-responses/openai-responses-dialect.js';

function response(choice: Partial<ChatChoice>, extra: Partial<ChatResponse> = {}): ChatResponse {
  return {
    id: 'chatcmpl-1',
    model: 'gpt-x',
    created: 1700000000,
    choices: [{ index: 0, text: null, reasoning: [], toolCalls: [], finishReason: 'stop', ...choice }],
    ...extra,
  };
}

describe('encoding a canonical response as a Responses object', () => {
  it('writes a completed response with one message and detailed usage', () => {
    const body = openAiResponsesDialect.encodeResponse(
      response(
        { text: 'Hello there' },
        {
          usage: {
            inputTokens: 9,
            outputTokens: 3,
            totalTokens: 12,
            cachedInputTokens: 2,
            reasoningTokens: 1,
          },
        },
      ),
    );
    expect(body).toMatchObject({
      object: 'response',
      created_at: 1700000000,
      status: 'completed',
      model: 'gpt-x',
      error: null,
      incomplete_details: null,
      store: false,
      output: [
        {
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Hello there', annotations: [] }],
        },
      ],
      usage: {
        input_tokens: 9,
        input_tokens_details: { cached_tokens: 2, cache_write_tokens: 0 },
        output_tokens: 3,
        output_tokens_details: { reasoning_tokens: 1 },
        total_tokens: 12,
      },
    });
    expect(body['id']).toMatch(/^resp_[0-9a-f]{48}$/);
    const output = body['output'] as { id: string }[];
    expect(output[0]?.id).toMatch(/^msg_/);
  });

  it('orders reasoning, message and function calls, and keeps call ids and signatures', () => {
    const body = openAiResponsesDialect.encodeResponse(
      response({
        text: 'Checking.',
        reasoning: [
          { type: 'reasoning', text: 'Need two tools.', signature: 'SIG' },
          { type: 'reasoning', text: '', redactedData: 'OPAQUE' },
        ],
        toolCalls: [
          { id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
          { id: 'toolu_b', name: 'time', arguments: '' },
        ],
        finishReason: 'tool_calls',
      }),
    );
    expect(body['status']).toBe('completed');
    expect(body['usage']).toBeNull();
    expect(body['output']).toMatchObject([
      {
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: 'Need two tools.' }],
        encrypted_content: 'portico:thinking:SIG',
      },
      { type: 'reasoning', summary: [], encrypted_content: 'portico:redacted:OPAQUE' },
      { type: 'message', content: [{ type: 'output_text', text: 'Checking.' }] },
      { type: 'function_call', call_id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
      // A call without arguments is the empty object, which clients can JSON.parse.
      { type: 'function_call', call_id: 'toolu_b', name: 'time', arguments: '{}', status: 'completed' },
    ]);
    const output = body['output'] as { id: string }[];
    expect(output.map((item) => item.id.split('_')[0])).toEqual(['rs', 'rs', 'msg', 'fc', 'fc']);
  });

  it('reports a length stop as incomplete with reason max_output_tokens', () => {
    const body = openAiResponsesDialect.encodeResponse(
      response({ text: 'Once upon', finishReason: 'length' }),
    );
    expect(body).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ type: 'message', status: 'incomplete' }],
    });
    expect(body['completed_at']).toBeUndefined();
  });

  it('reports a content filter stop as incomplete, and a refusal as a refusal part', () => {
    const body = openAiResponsesDialect.encodeResponse(
      response({ refusal: 'I cannot help with that.', finishReason: 'content_filter' }),
    );
    expect(body).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'content_filter' },
      output: [{ type: 'message', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] }],
    });
  });

  it('writes errors in the OpenAI shape', () => {
    const error = new GatewayError('model_not_found', "No route 'x'.", { param: 'model' });
    expect(openAiResponsesDialect.encodeError(error)).toEqual({
      error: {
        message: "No route 'x'.",
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
    });
  });
});
