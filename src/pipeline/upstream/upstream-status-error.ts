import { GatewayError } from '../../core/gateway-error.js';
import type { Target } from '../../routing/route-table.js';
import type { UpstreamResponse } from '../../upstream/upstream-client.js';
import { codeForUpstreamStatus } from '../../upstream/upstream-failure.js';
import { readBodyText } from './read-body-text.js';

const errorBodyLimit = 1024 * 1024;

/** The GatewayError for an upstream error status, with the provider's own message and Retry-After. */
export async function upstreamStatusError(target: Target, response: UpstreamResponse): Promise<GatewayError> {
  const providerId = target.provider.settings.id;
  let text = '';
  try {
    text = await readBodyText(response, errorBodyLimit, providerId);
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
