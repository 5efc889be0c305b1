import { describe, expect, it } from 'vitest';
import {
  geminiToolCallId,
  splitGeminiToolCallId,
} from '../../../../src/providers/gemini-shape/gemini-tool-call-id.js';

describe('gemini tool call ids', () => {
  it('round-trips the thought signature through the canonical id', () => {
    const id = geminiToolCallId('fc_1', 'Cr4BAV/+sig==');
    expect(id).toBe('fc_1__ts__Cr4BAV/+sig==');
    expect(splitGeminiToolCallId(id)).toEqual({ id: 'fc_1', signature: 'Cr4BAV/+sig==' });
  });

  it('generates call_ ids when Gemini sends none and leaves plain ids alone', () => {
    expect(geminiToolCallId(undefined, undefined)).toMatch(/^call_[0-9a-f]{12}$/);
    expect(geminiToolCallId('', 'sig')).toMatch(/^call_[0-9a-f]{12}__ts__sig$/);
    expect(splitGeminiToolCallId('call_abc')).toEqual({ id: 'call_abc' });
  });
});
