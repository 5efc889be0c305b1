import type { Endpoint, EndpointGroupFactory } from './endpoint-group.js';
import { writeJson } from './endpoint-group.js';
import { ModelsHandler } from './models-handler.js';
import { encodeOpenAiError, openAiChatDialect } from './openai-chat/openai-chat-dialect.js';
import { openAiEmbeddingsCodec } from './openai-embeddings/openai-embeddings-codec.js';
import { createCallEmbeddings, createParseEmbeddingsRequest } from '../pipeline/phases/call-embeddings.js';
import type { Stage } from '../pipeline/stage.js';

/** The OpenAI API (`/v1/chat/completions`, `/v1/embeddings`, `/v1/models`), with and without `/v1`. */
export const openAiEndpoints: EndpointGroupFactory = (deps) => {
  const models = new ModelsHandler(deps.routes, deps.pricing, deps.governance);
  const openAi = (method: 'GET' | 'POST', stages: Stage[]): Endpoint[] => [
    method === 'POST'
      ? { method, beforeBody: [deps.authenticate], stages, encodeError: encodeOpenAiError }
      : { method, stages: [deps.authenticate, ...stages], encodeError: encodeOpenAiError },
  ];
  const chat = openAi('POST', deps.chatStages(openAiChatDialect));
  const embeddings = openAi('POST', [
    createParseEmbeddingsRequest(openAiEmbeddingsCodec),
    deps.resolveRoute,
    deps.admit,
    createCallEmbeddings(openAiEmbeddingsCodec, deps.client, deps.pricing),
  ]);
  const listModels = openAi('GET', [(context) => writeJson(context, 200, models.list(context.caller))]);
  const getModel = openAi('GET', [
    (context) => writeJson(context, 200, models.get(context.ingress.pathModel ?? '', context.caller)),
  ]);
  const exact = new Map<string, Endpoint[]>([
    ['/v1/chat/completions', chat],
    ['/chat/completions', chat],
    ['/v1/embeddings', embeddings],
    ['/embeddings', embeddings],
    ['/v1/models', listModels],
    ['/models', listModels],
  ]);
  return {
    match(path) {
      const endpoints = exact.get(path);
      if (endpoints !== undefined) return { endpoints };
      for (const prefix of ['/v1/models/', '/models/']) {
        // `/v1/models/x:generateContent` belongs to the Gemini group.
        if (path.startsWith(prefix) && path.length > prefix.length && !path.includes(':')) {
          const model = decodePathSegment(path.slice(prefix.length));
          if (model === undefined) return undefined;
          return { endpoints: getModel, ingress: { pathModel: model }, pattern: `${prefix}{model}` };
        }
      }
      return undefined;
    },
  };
};

/** A percent-decoded path segment; undefined when its encoding is malformed (`%E0%A4%A`): no such path. */
function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
