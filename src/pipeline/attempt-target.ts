import { GatewayError, toGatewayError } from '../core/gateway-error.js';
import type { UpstreamRequest } from '../providers/provider.js';
import type { Target } from '../routing/route-table.js';
import type { UpstreamClient, UpstreamResponse } from '../upstream/upstream-client.js';
import { codeForUpstreamStatus, isFallbackWorthy } from '../upstream/upstream-failure.js';
import type { GatewayContext } from './gateway-context.js';
import { readBodyText } from './read-body-text.js';

const errorBodyLimit = 1024 * 1024;

/** A target that answered with a success status; its body is still unread. */
export interface AcceptedCall<Prepared> {
  target: Target;
  prepared: Prepared;
  response: UpstreamResponse;
  /** When this attempt started (ns), for upstream timing. */
  startedAt: bigint;
}

/**
 * Tries the context's targets in order until one answers 2xx. Falls back on rate limits,
 * outages and timeouts while nothing has been sent to the client; other errors end the loop.
 * `prepare` builds the upstream request for a target (it may throw for unsupported settings).
 */
export async function attemptTargets<Prepared extends { upstream: UpstreamRequest }>(
  context: GatewayContext,
  client: UpstreamClient,
  prepare: (target: Target) => Prepared,
): Promise<AcceptedCall<Prepared>> {
  let lastError: GatewayError | undefined;
  for (const target of context.targets) {
    const startedAt = process.hrtime.bigint();
    const providerId = target.provider.settings.id;
    try {
      const prepared = prepare(target);
      const credentials = target.provider.credentials;
      if (credentials !== undefined) {
        const headers = await credentials.headers(context.signal);
        prepared.upstream = { ...prepared.upstream, headers: { ...prepared.upstream.headers, ...headers } };
      }
      const response = await client.call(providerId, prepared.upstream, target.timeouts, context.signal);
      if (response.status < 400) {
        context.attempts.push({
          provider: providerId,
          model: target.model,
          status: response.status,
          durationMs: 0,
        });
        return { target, prepared, response, startedAt };
      }
      throw await upstreamStatusError(target, response);
    } catch (thrown) {
      const error = toGatewayError(thrown);
      const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
      context.upstreamMs += durationMs;
      context.attempts.push({
        provider: providerId,
        model: target.model,
        ...(error.provider?.status === undefined ? {} : { status: error.provider.status }),
        error: error.code,
        durationMs,
      });
      lastError = error;
      if (!isFallbackWorthy(error) || context.signal.aborted) throw error;
    }
  }
  throw lastError ?? new GatewayError('no_provider_configured');
}

async function upstreamStatusError(target: Target, response: UpstreamResponse): Promise<GatewayError> {
  const providerId = target.provider.settings.id;
  let text = '';
  try {
    text = await readBodyText(response.body, errorBodyLimit, providerId);
  } catch {
    text = '';
  } finally {
    response.finish();
  }
  const detail = target.provider.errorDetail(response.status, text);
  const retryAfter = parseRetryAfter(response.headers['retry-after']);
  return new GatewayError(
    codeForUpstreamStatus(response.status),
    `Provider ${providerId} returned ${response.status}: ${detail.message}`,
    {
      provider: {
        provider: providerId,
        status: response.status,
        message: detail.message,
        ...(detail.type === undefined ? {} : { type: detail.type }),
      },
      ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
    },
  );
}

/** `Retry-After` as seconds (delta-seconds or HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === '') return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
