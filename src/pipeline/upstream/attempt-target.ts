import { sleepUnlessAborted } from '../../core/client-signal.js';
import { GatewayError, toGatewayError } from '../../core/gateway-error.js';
import type { UpstreamRequest } from '../../providers/provider.js';
import { backoffDelay } from '../../routing/backoff-delay.js';
import { classifyFailure } from '../../routing/classify-failure.js';
import { planRoute } from '../../routing/plan-route.js';
import type { RouteTarget, Target } from '../../routing/route-table.js';
import type { UpstreamClient, UpstreamResponse } from '../../upstream/upstream-client.js';
import type { Attempt } from '../context/gateway-context.js';
import type { Received, Resolved } from '../context/phases.js';
import { upstreamStatusError } from './upstream-status-error.js';

/** How long a credential rests after a 429 without Retry-After. */
const defaultCooldownMs = 30_000;

/**
 * `Attempt.error` for an attempt cut short because the client went away (the `client_closed`
 * code): neither the target nor the gateway failed, so it never counts against the breaker.
 */
export const clientClosed = 'client_closed';

/** A target that answered with a success status; its body may still be unread. */
export interface AcceptedCall<Prepared> {
  target: Target;
  prepared: Prepared;
  response: UpstreamResponse;
  /** When this attempt started (ns), for upstream timing. */
  startedAt: bigint;
}

/** What one request needs from the attempt loop. */
export interface AttemptSteps<Prepared, Result> {
  /**
   * Builds the upstream request for a target (may throw for settings the provider cannot honour).
   * A promise only when preparing must wait (the context-window check tokenizing a long request).
   */
  prepare(target: Target): Prepared | Promise<Prepared>;
  /**
   * Turns an accepted call into the result, inside the loop: non-streamed answers are read here,
   * so an unreadable body or a content-filter refusal can still fall back. Streams return at once.
   */
  complete(call: AcceptedCall<Prepared>): Promise<Result>;
  /** True when the result is a content-filter refusal (only consulted when the route falls back on those). */
  isContentFiltered?(result: Result): boolean;
}

/**
 * Executes a route's plan: tries targets in the planned order, retrying a target with backoff
 * (honouring Retry-After) and moving to the next one on the failures the route falls back on,
 * while nothing has been sent to the client. Breakers and credential cooldowns are updated here.
 */
export async function attemptTargets<Prepared extends { upstream: UpstreamRequest }, Result>(
  context: Received & Resolved,
  client: UpstreamClient,
  steps: AttemptSteps<Prepared, Result>,
): Promise<{ call: AcceptedCall<Prepared>; result: Result }> {
  const route = context.route;
  const policy = route.policy;
  const plan = planRoute(route, stickyKey(context));
  let lastError: GatewayError | undefined;
  for (const [position, routeTarget] of plan.entries()) {
    const hasNext = position < plan.length - 1;
    for (let retry = 0; retry <= policy.retries.attempts; retry++) {
      const outcome = await attemptOnce(
        context,
        client,
        steps,
        routeTarget,
        hasNext && policy.fallbackOn.has('content_filter'),
      );
      if (outcome.kind === 'done') return outcome.value;
      lastError = outcome.error;
      const trigger = classifyFailure(outcome.error);
      if (trigger === undefined || context.signal.aborted) throw outcome.error;
      if (outcome.kind === 'skipped' || retry === policy.retries.attempts) break;
      const delay = backoffDelay(retry, outcome.error.retryAfterSeconds, policy.retries);
      if (delay === undefined) break;
      await sleepUnlessAborted(delay, context.signal);
    }
    const trigger = lastError === undefined ? undefined : classifyFailure(lastError);
    if (lastError !== undefined && (trigger === undefined || !policy.fallbackOn.has(trigger)))
      throw lastError;
  }
  throw (
    lastError ?? new GatewayError('upstream_unavailable', `No target of route '${route.name}' is available.`)
  );
}

type Outcome<Prepared, Result> =
  | { kind: 'done'; value: { call: AcceptedCall<Prepared>; result: Result } }
  /** The target was not called (circuit open, every credential cooling down). */
  | { kind: 'skipped'; error: GatewayError }
  | { kind: 'failed'; error: GatewayError };

async function attemptOnce<Prepared extends { upstream: UpstreamRequest }, Result>(
  context: Received & Resolved,
  client: UpstreamClient,
  steps: AttemptSteps<Prepared, Result>,
  routeTarget: RouteTarget,
  refuseContentFilter: boolean,
): Promise<Outcome<Prepared, Result>> {
  const now = Date.now();
  const provider = routeTarget.credentials.pick(now);
  const providerId = routeTarget.credentials.providers[0]?.settings.id ?? '';
  if (provider === undefined) {
    context.attempts.push({
      provider: providerId,
      model: routeTarget.model,
      skipped: 'cooling_down',
      durationMs: 0,
    });
    return {
      kind: 'skipped',
      error: skipped(
        'rate_limit_exceeded',
        providerId,
        routeTarget,
        'every credential is cooling down after 429',
      ),
    };
  }
  if (!routeTarget.breaker.tryAcquire(now)) {
    context.attempts.push({
      provider: providerId,
      model: routeTarget.model,
      skipped: 'circuit_open',
      durationMs: 0,
    });
    return {
      kind: 'skipped',
      error: skipped('upstream_unavailable', providerId, routeTarget, 'circuit open after repeated failures'),
    };
  }
  const target: Target = {
    provider,
    model: routeTarget.model,
    timeouts: routeTarget.timeouts,
    prices: routeTarget.prices,
  };
  const startedAt = process.hrtime.bigint();
  const attempt = {
    provider: providerId,
    model: target.model,
    durationMs: 0,
  } as Attempt;
  context.attempts.push(attempt);
  try {
    const pending = steps.prepare(target);
    // Awaited only when it is a promise: the common path costs no extra tick.
    const prepared = pending instanceof Promise ? await pending : pending;
    const credentials = provider.credentials;
    if (credentials !== undefined) {
      const headers = await credentials.headers(context.signal);
      prepared.upstream = { ...prepared.upstream, headers: { ...prepared.upstream.headers, ...headers } };
    }
    const response = await client.call(providerId, prepared.upstream, target.timeouts, context.signal);
    attempt.status = response.status;
    if (response.status >= 400) throw await upstreamStatusError(target, response);
    const call = { target, prepared, response, startedAt };
    const result = await steps.complete(call);
    routeTarget.breaker.recordSuccess();
    routeTarget.latency.record(Number(process.hrtime.bigint() - startedAt) / 1e6);
    if (refuseContentFilter && steps.isContentFiltered?.(result) === true) {
      attempt.error = 'content_filter';
      return {
        kind: 'failed',
        error: new GatewayError(
          'content_filtered',
          `Provider ${providerId} refused to answer (content filter).`,
        ),
      };
    }
    return { kind: 'done', value: { call, result } };
  } catch (thrown) {
    const error = toGatewayError(thrown);
    attempt.error = context.signal.aborted ? clientClosed : error.code;
    attempt.durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
    context.upstreamMs += attempt.durationMs;
    recordFailure(routeTarget, provider, error, now, context.signal.aborted);
    return { kind: 'failed', error };
  }
}

/** Updates breaker and credential state after a failed attempt. */
function recordFailure(
  routeTarget: RouteTarget,
  provider: Target['provider'],
  error: GatewayError,
  now: number,
  clientLeft: boolean,
): void {
  if (clientLeft) {
    routeTarget.breaker.release();
    return;
  }
  const trigger = classifyFailure(error);
  if (trigger === 'rate_limit') {
    routeTarget.credentials.coolDown(
      provider,
      now + (error.retryAfterSeconds ?? defaultCooldownMs / 1000) * 1000,
    );
    routeTarget.breaker.recordSuccess(); // it answered: up, just busy
  } else if (trigger === undefined) {
    routeTarget.breaker.recordSuccess(); // a 4xx: the target is up, the request was wrong
  } else {
    routeTarget.breaker.recordFailure(now);
  }
}

function skipped(
  code: 'rate_limit_exceeded' | 'upstream_unavailable',
  providerId: string,
  target: RouteTarget,
  why: string,
): GatewayError {
  return new GatewayError(code, `Provider ${providerId} (${target.model}) was skipped: ${why}.`, {
    provider: { provider: providerId, message: why },
  });
}

/** The key that pins a canary assignment: the API key's name, or a header's value. */
function stickyKey(context: Received & Resolved): string | undefined {
  const sticky = context.route.policy.sticky;
  if (sticky === undefined) return undefined;
  if (sticky.by === 'key') return context.keyName;
  const value = context.headers[sticky.name];
  return typeof value === 'string' ? value : undefined;
}
