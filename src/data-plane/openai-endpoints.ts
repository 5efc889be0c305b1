import type { Endpoint, EndpointGroupFactory } from './endpoint-group.js';
import { endpointOf, keyedJsonGet } from './endpoint-group.js';
import { ModelsHandler } from './models-handler.js';
import { encodeOpenAiError, openAiChatDialect } from './openai-chat/openai-chat-dialect.js';
import { openAiEmbeddingsCodec } from './openai-embeddings/openai-embeddings-codec.js';
import { createCallEmbeddings } from '../pipeline/phases/call-embeddings.js';
import { createParseEmbeddingsRequest } from '../pipeline/phases/parse-embeddings-request.js';
import { createRespondEmbeddings } from '../pipeline/phases/respond-embeddings.js';

/** The OpenAI API (`/v1/chat/completions`, `/v1/embeddings`, `/v1/models`), with and without `/v1`. */
export const openAiEndpoints: EndpointGroupFactory = (deps) => {
  const models = new ModelsHandler(deps.routes, deps.pricing, deps.governance);
  const chat = [endpointOf('POST', deps.chat(openAiChatDialect), encodeOpenAiError)];
  const embeddings = [
    endpointOf(
      'POST',
      deps
        .keyed()
        .readBody()
        .then(createParseEmbeddingsRequest(openAiEmbeddingsCodec))
        .then(deps.resolveRoute)
        .then(deps.authorizeRoute)
        .then(deps.admit)
        .then(createCallEmbeddings(openAiEmbeddingsCodec, deps.client))
        .then(createRespondEmbeddings(deps.pricing)),
      encodeOpenAiError,
    ),
  ];
  const listModels = keyedJsonGet(deps, encodeOpenAiError, (context) => models.list(context.caller));
  const getModel = keyedJsonGet(deps, encodeOpenAiError, (context) =>
    models.get(context.ingress.pathModel ?? '', context.caller),
  );
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
