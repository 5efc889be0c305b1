import { describe, expect, it } from 'vitest';
import {
  readGeminiEmbeddings,
  toGeminiEmbeddingsBody,
} from '../../../../src/providers/gemini/gemini-embeddings.js';
import { geminiProviderType } from '../../../../src/providers/gemini/gemini-provider.js';

describe('gemini embeddings', () => {
  it('sends one embed request per input, naming the model and the dimensions', () => {
    expect(
      toGeminiEmbeddingsBody({ model: 'gemini-embedding-001', input: ['a', 'b'], dimensions: 768 }),
    ).toEqual({
      requests: [
        {
          model: 'models/gemini-embedding-001',
          content: { parts: [{ text: 'a' }] },
          outputDimensionality: 768,
        },
        {
          model: 'models/gemini-embedding-001',
          content: { parts: [{ text: 'b' }] },
          outputDimensionality: 768,
        },
      ],
    });
  });

  it('posts to batchEmbedContents and warns that user is dropped', () => {
    const provider = geminiProviderType.create({
      id: 'g',
      type: 'gemini',
      baseUrl: 'http://127.0.0.1:9',
      cloud: {},
      headers: {},
    });
    const upstream = provider.embeddingsRequest?.({ model: 'text-embedding-004', input: ['a'], user: 'u' });
    expect(upstream?.url).toBe('http://127.0.0.1:9/v1beta/models/text-embedding-004:batchEmbedContents');
    expect(upstream?.headers).toEqual({ 'content-type': 'application/json' });
    expect(upstream?.warnings).toEqual(['user is not supported by gemini; ignored']);
  });

  it('reads the vectors in order and reports zero usage', () => {
    expect(readGeminiEmbeddings({ embeddings: [{ values: [0.1, 0.2] }, { values: [0.3] }] })).toEqual({
      model: '',
      embeddings: [[0.1, 0.2], [0.3]],
      usage: { inputTokens: 0, totalTokens: 0 },
    });
  });

  it('rejects a response without embeddings', () => {
    expect(() => readGeminiEmbeddings({ error: {} })).toThrow(
      expect.objectContaining({ code: 'upstream_bad_response' }),
    );
  });
});
