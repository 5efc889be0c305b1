import { describe, expect, it } from 'vitest';
import type { EmbeddingsRequest } from '../../../../src/core/chat.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import {
  readTitanEmbeddings,
  toTitanEmbeddingsBody,
} from '../../../../src/providers/bedrock/titan-embeddings.js';

const request: EmbeddingsRequest = { model: 'amazon.titan-embed-text-v2:0', input: ['hello'] };

function thrown(action: () => unknown): GatewayError {
  try {
    action();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('toTitanEmbeddingsBody', () => {
  it('sends one input, normalized, with dimensions when asked', () => {
    expect(toTitanEmbeddingsBody(request)).toEqual({ inputText: 'hello', normalize: true });
    expect(toTitanEmbeddingsBody({ ...request, dimensions: 256 })).toEqual({
      inputText: 'hello',
      dimensions: 256,
      normalize: true,
    });
  });

  it('sends inputText only to Titan G1, which takes nothing else, and refuses dimensions there', () => {
    const g1 = { ...request, model: 'amazon.titan-embed-text-v1' };
    expect(toTitanEmbeddingsBody(g1)).toEqual({ inputText: 'hello' });
    expect(thrown(() => toTitanEmbeddingsBody({ ...g1, dimensions: 256 })).code).toBe(
      'unsupported_parameter',
    );
  });

  it('refuses several inputs, or none, with invalid_request on input', () => {
    for (const input of [['a', 'b'], []]) {
      const error = thrown(() => toTitanEmbeddingsBody({ ...request, input }));
      expect(error.code).toBe('invalid_request');
      expect(error.param).toBe('input');
      expect(error.message).toContain(`exactly one input per request; got ${input.length}`);
    }
  });
});

describe('readTitanEmbeddings', () => {
  it('reads the vector and the token count', () => {
    expect(
      readTitanEmbeddings({
        embedding: [0.1, -0.2],
        inputTextTokenCount: 3,
        embeddingsByType: { float: [0.1, -0.2] },
      }),
    ).toEqual({ model: '', embeddings: [[0.1, -0.2]], usage: { inputTokens: 3, totalTokens: 3 } });
  });

  it('refuses a body without an embedding array', () => {
    expect(() => readTitanEmbeddings({ embeddings: [] })).toThrow(GatewayError);
  });
});
