import type { JsonObject } from '../../core/chat.js';
import { checkModelName } from '../../core/check-model-name.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import { assertValid } from '../../core/schema-error.js';
import type { Decoded, DecodeInput, Responded, RouteInput } from '../../pipeline/context/phases.js';
import type { Stage } from '../../pipeline/stage.js';
import { geminiModelName } from '../../providers/gemini-shape/gemini-model-name.js';
import type { UpstreamClient } from '../../upstream/upstream-client.js';
import { createCountTokensStage, type TokenCounting } from '../create-count-tokens-stage.js';
import { estimateGeminiTokens } from './estimate-gemini-tokens.js';
import { geminiCountTokensValidator } from './gemini-request-schema.js';

/** Validates a `countTokens` body and takes the route from the path. */
export const parseCountTokensRequest: Stage<DecodeInput, Decoded> = (context) => {
  const routeName = context.ingress.pathModel;
  if (routeName === undefined || routeName === '') {
    throw new GatewayError(
      'invalid_request',
      'Name the model in the path: /v1beta/models/{model}:countTokens.',
      {
        param: 'model',
      },
    );
  }
  assertValid(geminiCountTokensValidator, context.body);
  context.routeName = checkModelName(routeName);
  context.stream = false;
};

const geminiCounting: TokenCounting = {
  endpoint: 'countTokens',
  dialect: 'gemini',
  upstreamBody,
  checkAnswer(parsed, providerId) {
    // Google's JSON leaves out zero values, so an empty prompt may come back as `{}`.
    const total = isJsonObject(parsed) ? parsed['totalTokens'] : null;
    if (total !== undefined && typeof total !== 'number') {
      throw new GatewayError('upstream_bad_response', `Provider ${providerId} sent no 'totalTokens' count.`);
    }
  },
  // Validated against the count-tokens schema by parseCountTokensRequest.
  estimate: async (body) => ({ totalTokens: await estimateGeminiTokens(body) }),
};

/**
 * Answers `countTokens`: relayed from a target that speaks Gemini, else estimated
 * (estimate-gemini-tokens.ts); see create-count-tokens-stage.ts.
 * https://ai.google.dev/api/tokens#method:-models.counttokens
 */
export function createCountGeminiTokens(client: UpstreamClient): Stage<RouteInput, Responded> {
  return createCountTokensStage(client, geminiCounting);
}

/** The client's body as is; a nested `generateContentRequest` must name the upstream model too. */
function upstreamBody(body: JsonObject, model: string): JsonObject {
  const nested = body['generateContentRequest'];
  return isJsonObject(nested)
    ? { ...body, generateContentRequest: { ...nested, model: geminiModelName(model) } }
    : body;
}
