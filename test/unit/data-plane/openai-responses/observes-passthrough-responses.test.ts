import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { openAiResponsesDialect } from '../../../../src/data-plane/openai-responses/openai-responses-dialect.js';

const usage = {
  input_tokens: 11,
  input_tokens_details: { cached_tokens: 5, cache_write_tokens: 1 },
  output_tokens: 4,
  output_tokens_details: { reasoning_tokens: 2 },
  total_tokens: 15,
};
const canonicalUsage = {
  inputTokens: 11,
  outputTokens: 4,
  totalTokens: 15,
  cachedInputTokens: 5,
  cacheWriteTokens: 1,
  reasoningTokens: 2,
};

describe('Responses passthrough (an upstream that speaks Responses itself)', () => {
  it('reads usage from a whole response body', () => {
    expect(openAiResponsesDialect.usageFromResponse({ object: 'response', usage })).toEqual(canonicalUsage);
    expect(openAiResponsesDialect.usageFromResponse({ object: 'response' })).toBeUndefined();
    expect(openAiResponsesDialect.usageFromResponse('nope')).toBeUndefined();
  });

  it('reads usage from response.completed, hides nothing and appends nothing', () => {
    const observer = openAiResponsesDialect.createPassthroughObserver(false);
    const delta = {
      type: 'response.output_text.delta',
      delta: '"type":"response.completed"',
      sequence_number: 3,
    };
    // Text that merely quotes a terminal type is escaped JSON and does not count.
    expect(observer.observe({ event: undefined, data: JSON.stringify(delta) })).toBe(false);
    expect(() => observer.end()).toThrow(GatewayError);
    expect(observer.usage()).toBeUndefined();
    const completed = {
      type: 'response.completed',
      response: { status: 'completed', usage },
      sequence_number: 4,
    };
    // Without an `event:` line the type is read from the data.
    expect(observer.observe({ event: undefined, data: JSON.stringify(completed) })).toBe(false);
    expect(observer.usage()).toEqual(canonicalUsage);
    expect(observer.end()).toBe('');
  });

  it('accepts a stream the upstream itself ended with an error or response.incomplete', () => {
    for (const type of ['error', 'response.failed', 'response.incomplete']) {
      const observer = openAiResponsesDialect.createPassthroughObserver(true);
      observer.observe({ event: type, data: JSON.stringify({ type, sequence_number: 1 }) });
      expect(observer.end()).toBe('');
    }
  });

  it('fails a stream that stopped before its final event', () => {
    const observer = openAiResponsesDialect.createPassthroughObserver(true);
    observer.observe({ event: 'response.created', data: JSON.stringify({ type: 'response.created' }) });
    expect(() => observer.end()).toThrow(GatewayError);
  });
});
