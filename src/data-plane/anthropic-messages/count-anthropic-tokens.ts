import { checkModelName } from '../../core/check-model-name.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { Decoded, DecodeInput, Responded, RouteInput } from '../../pipeline/context/phases.js';
import type { Stage } from '../../pipeline/stage.js';
import type { UpstreamClient } from '../../upstream/upstream-client.js';
import { createCountTokensStage, type TokenCounting } from '../create-count-tokens-stage.js';
import { checkCountTokensRequest } from './check-anthropic-request.js';
import { estimateAnthropicTokens } from './estimate-anthropic-tokens.js';

/** Validates a count_tokens body and records the route it names. */
export const parseCountTokensRequest: Stage<DecodeInput, Decoded> = (context) => {
  context.routeName = checkModelName(checkCountTokensRequest(context.body).model);
  context.stream = false;
};

const anthropicCounting: TokenCounting = {
  endpoint: 'count_tokens',
  dialect: 'anthropic-messages',
  upstreamBody: (body, model) => ({ ...body, model }),
  checkAnswer(parsed, providerId) {
    if (!isJsonObject(parsed) || typeof parsed['input_tokens'] !== 'number') {
      throw new GatewayError('upstream_bad_response', `Provider ${providerId} sent no 'input_tokens' count.`);
    }
  },
  estimate: async (body) => ({ input_tokens: await estimateAnthropicTokens(body) }),
};

/**
 * Answers `POST /v1/messages/count_tokens`: relayed from a target that speaks Anthropic
 * Messages, else estimated (create-count-tokens-stage.ts).
 * https://docs.anthropic.com/en/api/messages-count-tokens
 */
export function createCountAnthropicTokens(client: UpstreamClient): Stage<RouteInput, Responded> {
  return createCountTokensStage(client, anthropicCounting);
}
