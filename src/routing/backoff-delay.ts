import type { RoutePolicy } from '../config/portico-config.js';

/**
 * Milliseconds to wait before retry number `retry` (0-based): exponential from `backoffMs` with
 * full jitter, capped at `maxBackoffMs`. A provider's Retry-After is honoured when it fits under
 * the cap; when it does not, undefined says "do not retry this target, move on".
 */
export function backoffDelay(
  retry: number,
  retryAfterSeconds: number | undefined,
  retries: RoutePolicy['retries'],
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterSeconds !== undefined) {
    const wait = retryAfterSeconds * 1000;
    return wait <= retries.maxBackoffMs ? wait : undefined;
  }
  const ceiling = Math.min(retries.maxBackoffMs, retries.backoffMs * 2 ** retry);
  return Math.round(random() * ceiling);
}
