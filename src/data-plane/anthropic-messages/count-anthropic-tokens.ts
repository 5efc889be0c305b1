import type { JsonObject } from '../../core/chat.js';
import { checkModelName } from '../../core/check-model-name.js';
import { GatewayError, toGatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
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
import type { Provider, UpstreamRequest } from '../../providers/provider.js';
import { classifyFailure } from '../../routing/classify-failure.js';
import type { Route, RouteTarget } from '../../routing/route-table.js';
import type { UpstreamClient } from '../../upstream/upstream-client.js';
import { checkCountTokensRequest } from './check-anthropic-request.js';
import { estimateAnthropicTokens } from './estimate-anthropic-tokens.js';

const responseLimit = 1024 * 1024;

/** Validates a count_tokens body and records the route it names. */
export const parseCountTokensRequest: Stage<DecodeInput, Decoded> = (context) => {
  context.routeName = checkModelName(checkCountTokensRequest(context.body).model);
  context.stream = false;
};

/**
 * Answers `POST /v1/messages/count_tokens`. When the route's first target speaks Anthropic
 * Messages, its own count is relayed (with fallback over the route's other Anthropic targets);
 * otherwise, or when every such target is unavailable, the count is estimated locally and
 * marked `x-portico-estimate: true`. https://docs.anthropic.com/en/api/messages-count-tokens
 */
export function createCountAnthropicTokens(client: UpstreamClient): Stage<RouteInput, Responded> {
  return async (context) => {
    const route = context.route;
    // Validated by parseCountTokensRequest.
    const body = context.body as JsonObject;
    if (counts(route.targets[0]) && (await relayCount(context, client, route, body))) return;
    const inputTokens = await estimateAnthropicTokens(body);
    const headers = replyHeaders(context, {
      'content-type': 'application/json',
      'x-portico-route': headerText(route.name),
      'x-portico-estimate': 'true',
    });
    replyWhole(context, 200, headers, JSON.stringify({ input_tokens: inputTokens }));
  };
}

/** Whether a target's provider can count tokens itself. */
function counts(target: RouteTarget | undefined): boolean {
  const provider: Provider | undefined = target?.credentials.providers[0];
  return provider?.dialect === 'anthropic-messages' && provider.passthroughRequest !== undefined;
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

function countRequest(
  context: GatewayContext,
  provider: Provider,
  model: string,
  body: JsonObject,
): UpstreamRequest {
  const request = provider.passthroughRequest?.(
    'count-tokens',
    { ...body, model },
    {
      model,
      stream: false,
      clientHeaders: context.headers,
    },
  );
  if (request === undefined)
    throw new GatewayError('internal_error', 'count_tokens reached a provider that cannot count.');
  return request;
}

/** Reads the upstream's answer whole and checks it is the JSON object Anthropic sends. */
async function readCount(
  context: GatewayContext,
  call: AcceptedCall<{ upstream: UpstreamRequest }>,
): Promise<string> {
  const providerId = call.target.provider.settings.id;
  let text: string;
  try {
    text = await readBodyText(call.response, responseLimit, providerId);
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
  // Counting is free and generates nothing, so no usage is recorded for it.
  if (!isJsonObject(parsed) || typeof parsed['input_tokens'] !== 'number') {
    throw new GatewayError('upstream_bad_response', `Provider ${providerId} sent no 'input_tokens' count.`);
  }
  return text;
}
