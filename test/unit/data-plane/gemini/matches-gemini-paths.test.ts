import { describe, expect, it } from 'vitest';
import { estimateGeminiTokens } from '../../../../src/data-plane/gemini/estimate-gemini-tokens.js';
import { parseModelPath } from '../../../../src/data-plane/gemini/gemini-endpoints.js';

describe('Gemini paths', () => {
  it('reads the model and the action after the last colon', () => {
    expect(parseModelPath('/v1beta/models/gpt-4o:generateContent')).toEqual({
      model: 'gpt-4o',
      action: 'generateContent',
    });
    expect(parseModelPath('/v1/models/llama3:8b:streamGenerateContent')).toEqual({
      model: 'llama3:8b',
      action: 'streamGenerateContent',
    });
    expect(parseModelPath('/v1beta/models/openai-main/gpt-4o%3AcountTokens')).toEqual({
      model: 'openai-main/gpt-4o',
      action: 'countTokens',
    });
    expect(parseModelPath('/v1beta/models/gemini-flash')).toEqual({ model: 'gemini-flash' });
  });

  it('matches nothing outside the models collection or with a broken path', () => {
    expect(parseModelPath('/v1/chat/completions')).toBeUndefined();
    expect(parseModelPath('/v1beta/models/:generateContent')).toBeUndefined();
    expect(parseModelPath('/v1beta/models/%E0%A4%A:generateContent')).toBeUndefined();
  });
});

describe('the local countTokens estimate', () => {
  it('counts text, calls and declarations, and a fixed cost per image', async () => {
    const text = await estimateGeminiTokens({ contents: [{ parts: [{ text: 'hello world' }] }] });
    expect(text).toBe(2);
    const withImage = await estimateGeminiTokens({
      contents: [{ parts: [{ text: 'hello world' }, { inlineData: { mimeType: 'image/png', data: 'AA' } }] }],
    });
    expect(withImage).toBe(2 + 258);
    const nested = await estimateGeminiTokens({
      generateContentRequest: {
        contents: [{ parts: [{ text: 'hello world <|endoftext|>' }] }],
        systemInstruction: { parts: [{ text: 'Be brief.' }] },
        tools: [{ functionDeclarations: [{ name: 'weather' }] }],
      },
    });
    expect(nested).toBeGreaterThan(text + 5);
  });
});
