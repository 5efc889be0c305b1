import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../../../src/core/chat.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { geminiDialect } from '../../../../src/data-plane/gemini/gemini-dialect.js';

describe('encoding canonical answers as Gemini responses', () => {
  it('writes thoughts, text and function calls of each candidate, with usage split like Gemini', () => {
    const response: ChatResponse = {
      id: 'msg_1',
      model: 'claude-sonnet-4-5',
      created: 1,
      choices: [
        {
          index: 0,
          text: 'Checking.',
          reasoning: [
            { type: 'reasoning', text: 'Need weather.', signature: 'anthropic-sig' },
            { type: 'reasoning', text: '', redactedData: 'opaque' },
          ],
          toolCalls: [
            { id: 'toolu_1', name: 'weather', arguments: '{"city":"Oslo"}' },
            { id: 'fc_2__ts__gemini-sig', name: 'time', arguments: '{"tz":' },
          ],
          finishReason: 'tool_calls',
        },
      ],
      usage: {
        inputTokens: 10,
        outputTokens: 30,
        totalTokens: 40,
        reasoningTokens: 12,
        cachedInputTokens: 4,
      },
    };
    expect(geminiDialect.encodeResponse(response)).toEqual({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Need weather.', thought: true, thoughtSignature: 'anthropic-sig' },
              { text: 'Checking.' },
              { functionCall: { id: 'toolu_1', name: 'weather', args: { city: 'Oslo' } } },
              // A translated Gemini upstream's signature goes back on its part; cut-off arguments become {}.
              { functionCall: { id: 'fc_2', name: 'time', args: {} }, thoughtSignature: 'gemini-sig' },
            ],
          },
          index: 0,
          finishReason: 'STOP',
        },
      ],
      usageMetadata: {
        promptTokenCount: 10,
        candidatesTokenCount: 18,
        thoughtsTokenCount: 12,
        cachedContentTokenCount: 4,
        totalTokenCount: 40,
      },
      modelVersion: 'claude-sonnet-4-5',
      responseId: 'msg_1',
    });
  });

  it('maps every finish reason', () => {
    const finish = (finishReason: 'stop' | 'length' | 'tool_calls' | 'content_filter'): unknown => {
      const body = geminiDialect.encodeResponse({
        id: 'x',
        model: 'm',
        created: 1,
        choices: [{ index: 0, text: null, reasoning: [], toolCalls: [], finishReason }],
      });
      return (body['candidates'] as { finishReason: string }[])[0]?.finishReason;
    };
    expect([finish('stop'), finish('length'), finish('tool_calls'), finish('content_filter')]).toEqual([
      'STOP',
      'MAX_TOKENS',
      'STOP',
      'SAFETY',
    ]);
  });

  it('reads usage from a passed-through body', () => {
    expect(
      geminiDialect.usageFromResponse({
        usageMetadata: {
          promptTokenCount: 3,
          candidatesTokenCount: 5,
          thoughtsTokenCount: 2,
          totalTokenCount: 10,
        },
      }),
    ).toEqual({ inputTokens: 3, outputTokens: 7, totalTokens: 10, reasoningTokens: 2 });
    expect(geminiDialect.usageFromResponse([])).toBeUndefined();
  });
});

describe('encoding errors in Gemini shape', () => {
  it('pairs each HTTP status with its Google status name', () => {
    const statusOf = (error: GatewayError): unknown =>
      (geminiDialect.encodeError(error)['error'] as { status: string }).status;
    expect(statusOf(new GatewayError('invalid_request'))).toBe('INVALID_ARGUMENT');
    expect(statusOf(new GatewayError('invalid_api_key'))).toBe('UNAUTHENTICATED');
    expect(statusOf(new GatewayError('model_not_found'))).toBe('NOT_FOUND');
    expect(statusOf(new GatewayError('rate_limit_exceeded'))).toBe('RESOURCE_EXHAUSTED');
    expect(statusOf(new GatewayError('internal_error'))).toBe('INTERNAL');
    expect(statusOf(new GatewayError('upstream_unavailable'))).toBe('UNAVAILABLE');
    expect(statusOf(new GatewayError('upstream_timeout'))).toBe('DEADLINE_EXCEEDED');
  });

  it('keeps the provider words and the retry delay in details', () => {
    const error = new GatewayError('rate_limit_exceeded', 'Provider g returned 429: quota', {
      provider: { provider: 'g', status: 429, message: 'quota', type: 'RESOURCE_EXHAUSTED' },
      retryAfterSeconds: 7,
    });
    expect(geminiDialect.encodeError(error)).toEqual({
      error: {
        code: 429,
        message: 'Provider g returned 429: quota',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'rate_limit_exceeded',
            domain: 'portico',
            metadata: {
              provider: 'g',
              providerStatus: '429',
              providerMessage: 'quota',
              providerType: 'RESOURCE_EXHAUSTED',
            },
          },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' },
        ],
      },
    });
  });

  it('reports a failure after the first byte as a data event holding the error', () => {
    const frame = geminiDialect.encodeStreamError(new GatewayError('upstream_timeout'));
    expect(frame.startsWith('data: ')).toBe(true);
    expect(frame.endsWith('\n\n')).toBe(true);
    expect(JSON.parse(frame.slice(6))).toMatchObject({ error: { code: 504, status: 'DEADLINE_EXCEEDED' } });
  });
});
