import type { JsonObject } from '../../core/chat.js';
import { checkModelName } from '../../core/check-model-name.js';
import { GatewayError, toGatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import { assertValid } from '../../core/schema-error.js';
import { attemptTargets, type AcceptedCall } from '../../pipeline/upstream/attempt-target.js';
import type { GatewayContext } from '../../pipeline/context/gateway-context.js';
import { readBodyText } from '../../pipeline/upstream/read-body-text.js';
import { recordUpstreamTime } from '../../pipeline/respond/respond-json.js';
import { replyWhole } from '../../pipeline/respond/reply-whole.js';
import { headerText, replyHeaders, successHeaders } from '../../pipeline/respond/response-headers.js';
import type {
  Decoded,
  DecodeInput,
  Received,
  Resolved,
  Responded,
  RouteInput,
} from '../../pipeline/context/phases.js';
import type { Stage } from '../../pipeline/stage.js';
import { geminiModelName } from '../../providers/gemini/gemini-model-url.js';
import type { Provider, UpstreamRequest } from '../../providers/provider.js';
import { classifyFailure } from '../../routing/classify-failure.js';
import type { Route, RouteTarget } from '../../routing/route-table.js';
import type { UpstreamClient } from '../../upstream/upstream-client.js';
import { estimateGeminiTokens } from './estimate-gemini-tokens.js';
import { geminiCountTokensValidator, type GeminiCountTokensBody } from './gemini-request-schema.js';

const answerLimit = 1024 * 1024;

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

/**
 * Answers `countTokens`. When the route's first target speaks Gemini its own count is relayed
 * (with fallback over the route's other Gemini targets); otherwise, or when every such target
 * is unavailable, the count is estimated locally (estimate-gemini-tokens.ts) and marked
 * `x-portico-estimate: true`. https://ai.google.dev/api/tokens#method:-models.counttokens
 */
export function createCountGeminiTokens(client: UpstreamClient): Stage<RouteInput, Responded> {
  return async (context) => {
    const route = context.route;
    // Validated by parseCountTokensRequest.
    const body = context.body as GeminiCountTokensBody & JsonObject;
    if (counts(route.targets[0]) && (await relayCount(context, client, route, body))) return;
    const totalTokens = await estimateGeminiTokens(body);
    const headers = replyHeaders(context, {
      'content-type': 'application/json',
      'x-portico-route': headerText(route.name),
      'x-portico-estimate': 'true',
    });
    replyWhole(context, 200, headers, JSON.stringify({ totalTokens }));
  };
}

/** Whether a target's provider can count Gemini tokens itself. */
function counts(target: RouteTarget | undefined): boolean {
  const provider: Provider | undefined = target?.credentials.providers[0];
  return provider?.dialect === 'gemini' && provider.passthroughRequest !== undefined;
}

/**
 * Relays the upstream count; false when every counting target was unavailable (the caller then
 * estimates). Errors the request itself caused (4xx) reach the client.
 */
async function relayCount(
  context: Received & Resolved,
  client: UpstreamClient,
  route: Route,
  body: JsonObject,
): Promise<boolean> {
  // Only targets that can count are tried; the route object is shared, so a narrowed copy is used.
  context.route = { ...route, targets: route.targets.filter(counts) };
  try {
    const { call, result } = await attemptTargets(context, client, {
      prepare: (target) => ({ upstream: countRequest(context, target.provider, target.model, body) }),
      complete: (accepted) => readCount(context, accepted),
    });
    replyWhole(context, 200, successHeaders(context, call.target, 'application/json'), result);
    return true;
  } catch (thrown) {
    const error = toGatewayError(thrown);
    if (context.signal.aborted || classifyFailure(error) === undefined) throw error;
    return false;
  } finally {
    context.route = route;
  }
}

/** The client's body as is; a nested `generateContentRequest` must name the upstream model too. */
function countRequest(
  context: GatewayContext,
  provider: Provider,
  model: string,
  body: JsonObject,
): UpstreamRequest {
  const nested = body['generateContentRequest'];
  const sent = isJsonObject(nested)
    ? { ...body, generateContentRequest: { ...nested, model: geminiModelName(model) } }
    : body;
  const request = provider.passthroughRequest?.('count-tokens', sent, {
    model,
    stream: false,
    clientHeaders: context.headers,
  });
  if (request === undefined)
    throw new GatewayError('internal_error', 'countTokens reached a provider that cannot count.');
  return request;
}

/** Reads the upstream's answer whole and checks it is the count Gemini sends. */
async function readCount(
  context: GatewayContext,
  call: AcceptedCall<{ upstream: UpstreamRequest }>,
): Promise<string> {
  const providerId = call.target.provider.settings.id;
  let text: string;
  try {
    text = await readBodyText(call.response, answerLimit, providerId);
  } finally {
    call.response.finish();
    recordUpstreamTime(context, call.startedAt);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  // Counting generates nothing, so no usage is recorded for it. Google's JSON leaves out
  // zero values, so an empty prompt may come back as `{}`.
  const total = isJsonObject(parsed) ? parsed['totalTokens'] : null;
  if (total !== undefined && typeof total !== 'number') {
    throw new GatewayError('upstream_bad_response', `Provider ${providerId} sent no 'totalTokens' count.`);
  }
  return text;
}
