import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { GeminiStreamDecoder } from '../../../../src/providers/gemini-shape/gemini-stream-decoder.js';

// Found by test/fuzz: function call arguments nested 10,000 levels deep overflowed the stack
// (RangeError from JSON.stringify) instead of failing as a bad upstream response.
describe('GeminiStreamDecoder and deeply nested chunks', () => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  const chunk = `{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{"a":${deep}}}}]}}]}`;

  it('refuses a chunk nested 10,000 levels deep with upstream_bad_response', () => {
    const decode = () =>
      new GeminiStreamDecoder('google', 'gemini-2.5-flash').decode({ event: undefined, data: chunk });
    expect(decode).toThrow(GatewayError);
    expect(decode).toThrow(/nested deeper than 512 levels/);
  });

  it('still reads arguments nested 100 levels deep', () => {
    const args = `{"a":${'['.repeat(100)}${']'.repeat(100)}}`;
    const data = `{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":${args}}}]}}]}`;
    const events = new GeminiStreamDecoder('google', 'gemini-2.5-flash').decode({ event: undefined, data });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'tool-input-delta', argumentsDelta: args }),
    );
  });
});
