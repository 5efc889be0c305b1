import type { JsonObject } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { Operation, PassthroughTarget } from '../provider.js';
import { geminiModelName, type GeminiMethod } from './gemini-model-name.js';

/** The Gemini call for a client body in Gemini's own format. */
export interface GeminiPassthroughCall {
  method: GeminiMethod;
  body: JsonObject;
}

/**
 * Maps a same-dialect call onto a model method. The model and the streaming mode live in the
 * URL, so a top-level `model` is dropped rather than left to contradict it; the per-request
 * `model` of `batchEmbedContents` must match the URL and is rewritten to the upstream model.
 * https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */
export function toGeminiPassthrough(
  operation: Operation,
  body: JsonObject,
  target: PassthroughTarget,
): GeminiPassthroughCall {
  const rest = withoutModel(body);
  switch (operation) {
    case 'chat':
      return { method: target.stream ? 'streamGenerateContent' : 'generateContent', body: rest };
    case 'count-tokens':
      return { method: 'countTokens', body: rest };
    case 'embeddings': {
      const requests = rest['requests'];
      if (!Array.isArray(requests)) return { method: 'embedContent', body: rest };
      const model = geminiModelName(target.model);
      return {
        method: 'batchEmbedContents',
        body: {
          ...rest,
          requests: requests.map((request) => (isJsonObject(request) ? { ...request, model } : request)),
        },
      };
    }
  }
}

function withoutModel(body: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'model'));
}
