import type { JsonObject } from '../core/chat.js';
import { GatewayError, toGatewayError } from '../core/gateway-error.js';
import type { WireDialect } from '../core/wire-dialect.js';
import { attemptTargets, type AcceptedCall } from '../pipeline/upstream/attempt-target.js';
import type { GatewayContext } from '../pipeline/context/gateway-context.js';
import type { Received, Resolved, Responded, RouteInput } from '../pipeline/context/phases.js';
import { readBodyText } from '../pipeline/upstream/read-body-text.js';
import { recordUpstreamTime } from '../pipeline/respond/respond-json.js';
import { replyWhole } from '../pipeline/respond/reply-whole.js';
import { headerText, replyHeaders, successHeaders } from '../pipeline/respond/response-headers.js';
import type { Stage } from '../pipeline/stage.js';
import type { Provider, UpstreamRequest } from '../providers/provider.js';
import { classifyFailure } from '../routing/classify-failure.js';
import type { Route, RouteTarget } from '../routing/route-table.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';

const answerLimit = 1024 * 1024;

/** What differs between Anthropic's `count_tokens` and Gemini's `countTokens`. */
export interface TokenCounting {
  /** The endpoint as errors name it, e.g. `count_tokens`. */
  endpoint: string;
  /** The dialect whose providers count tokens themselves. */
  dialect: WireDialect;
  /** The client's body (validated by the parse stage) as sent to one target's upstream model. */
  upstreamBody(body: JsonObject, model: string): JsonObject;
  /** Throws `upstream_bad_response` unless `parsed` (undefined when not JSON) is the count this API sends. */
  checkAnswer(parsed: unknown, providerId: string): void;
  /** The answer estimated locally, for when no target can count. */
  estimate(body: JsonObject): Promise<object>;
}

/**
 * Answers a count-tokens call. When the route's first target speaks the endpoint's dialect, its
 * own count is relayed (with fallback over the route's other such targets); otherwise, or when
 * every such target is unavailable, the count is estimated locally and marked
 * `x-portico-estimate: true`.
 */
export function createCountTokensStage(
  client: UpstreamClient,
  counting: TokenCounting,
): Stage<RouteInput, Responded> {
  return async (context) => {
    const route = context.route;
    // Validated by the endpoint's parse stage.
    const body = context.body as JsonObject;
    if (counts(route.targets[0], counting) && (await relayCount(context, client, route, body, counting)))
      return;
    const answer = await counting.estimate(body);
    const headers = replyHeaders(context, {
      'content-type': 'application/json',
      'x-portico-route': headerText(route.name),
      'x-portico-estimate': 'true',
    });
    replyWhole(context, 200, headers, JSON.stringify(answer));
  };
}

/** Whether a target's provider can count tokens itself. */
function counts(target: RouteTarget | undefined, counting: TokenCounting): boolean {
  const provider: Provider | undefined = target?.credentials.providers[0];
  return provider?.dialect === counting.dialect && provider.passthroughRequest !== undefined;
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
  counting: TokenCounting,
): Promise<boolean> {
  // Only targets that can count are tried; the route object is shared, so a narrowed copy is used.
  context.route = { ...route, targets: route.targets.filter((target) => counts(target, counting)) };
  try {
    const { call, result } = await attemptTargets(context, client, {
      prepare: (target) => ({
        upstream: countRequest(context, target.provider, target.model, body, counting),
      }),
      complete: (accepted) => readCount(context, accepted, counting),
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
  counting: TokenCounting,
): UpstreamRequest {
  const request = provider.passthroughRequest?.('count-tokens', counting.upstreamBody(body, model), {
    model,
    stream: false,
    clientHeaders: context.headers,
  });
  if (request === undefined)
    throw new GatewayError('internal_error', `${counting.endpoint} reached a provider that cannot count.`);
  return request;
}

/** Reads the upstream's answer whole and checks it is the count the API sends. */
async function readCount(
  context: GatewayContext,
  call: AcceptedCall<{ upstream: UpstreamRequest }>,
  counting: TokenCounting,
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
  // Counting is free and generates nothing, so no usage is recorded for it.
  counting.checkAnswer(parsed, providerId);
  return text;
}
