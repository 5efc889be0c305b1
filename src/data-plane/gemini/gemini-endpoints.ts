import { GatewayError } from '../../core/gateway-error.js';
import type { Endpoint, EndpointGroupFactory, EndpointMatch } from '../endpoint-group.js';
import { endpointOf, keyedJsonGet } from '../endpoint-group.js';
import { createCountGeminiTokens, parseCountTokensRequest } from './count-gemini-tokens.js';
import { encodeGeminiError } from './encode-gemini-error.js';
import { geminiDialect } from './gemini-dialect.js';
import { GeminiModels } from './gemini-models.js';
import { streamFraming } from './json-array-reply.js';

const prefixes = ['/v1beta/models/', '/v1/models/'];

/**
 * Google's Gemini API: `POST /v1beta/models/{model}:{action}` (and `/v1/...`) for
 * `generateContent`, `streamGenerateContent` and `countTokens`, plus `GET /v1beta/models` and
 * `GET /v1beta/models/{model}`. `{model}` is a Portico route; errors are in Gemini's shape.
 * `GET /v1/models` stays OpenAI's. See docs/dialects/gemini.md.
 */
export const geminiEndpoints: EndpointGroupFactory = (deps) => {
  const models = new GeminiModels(deps.routes, deps.governance);
  const chat = endpointOf('POST', deps.chat(geminiDialect), encodeGeminiError);
  // Counting calls upstream and responds in one stage; it reserves nothing, so it has no admit.
  const countTokens = deps
    .keyed()
    .readBody()
    .then(parseCountTokensRequest)
    .then(deps.resolveRoute)
    .then(deps.authorizeRoute)
    .then(createCountGeminiTokens(deps.client));
  const actions = new Map<string, Endpoint[]>([
    ['generateContent', [chat]],
    // Same phases; the answer's framing is the response side of receive (json-array-reply.ts).
    ['streamGenerateContent', [{ ...chat, replyThrough: streamFraming }]],
    ['countTokens', [endpointOf('POST', countTokens, encodeGeminiError)]],
  ]);
  // Refused from the path alone, before the body is read.
  const unknownAction: Endpoint[] = [
    {
      method: 'POST',
      beforeBody: [
        (context) => {
          throw new GatewayError(
            'not_found',
            `No endpoint at POST ${context.path}: Portico serves generateContent, streamGenerateContent and countTokens.`,
          );
        },
      ],
      stages: [],
      encodeError: encodeGeminiError,
    },
  ];
  const listModels = keyedJsonGet(deps, encodeGeminiError, (context) => models.list(context.caller));
  const getModel = keyedJsonGet(deps, encodeGeminiError, (context) =>
    models.get(context.ingress.pathModel ?? '', context.caller),
  );
  return {
    match(path): EndpointMatch | undefined {
      if (path === '/v1beta/models') return { endpoints: listModels };
      const target = parseModelPath(path);
      if (target === undefined) return undefined;
      if (target.action === undefined) {
        // `/v1/models/{id}` without an action is OpenAI's retrieve-model.
        return path.startsWith('/v1beta/')
          ? { endpoints: getModel, ingress: { pathModel: target.model }, pattern: '/v1beta/models/{model}' }
          : undefined;
      }
      const endpoints = actions.get(target.action);
      const version = path.startsWith('/v1beta/') ? '/v1beta' : '/v1';
      return {
        endpoints: endpoints ?? unknownAction,
        ingress: { pathModel: target.model, pathAction: target.action },
        pattern: `${version}/models/{model}:${endpoints === undefined ? '{action}' : target.action}`,
      };
    },
  };
};

/**
 * `/v1beta/models/{model}:{action}` → model and action. The action follows the last `:`, as
 * route names may hold colons (`llama3:8b`); some clients percent-encode the colon.
 */
export function parseModelPath(path: string): { model: string; action?: string } | undefined {
  const prefix = prefixes.find((candidate) => path.startsWith(candidate));
  if (prefix === undefined) return undefined;
  let rest: string;
  try {
    rest = decodeURIComponent(path.slice(prefix.length));
  } catch {
    return undefined; // malformed percent-encoding: no such path
  }
  const colon = rest.lastIndexOf(':');
  if (colon === -1) return rest === '' ? undefined : { model: rest };
  const model = rest.slice(0, colon);
  return model === '' ? undefined : { model, action: rest.slice(colon + 1) };
}
