import { neverReceived, type AttemptFailure } from './attempt-failure.js';

const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const retriedStatuses = new Set([502, 503, 504]);

/** How one attempt ended, as far as retrying is concerned. */
export type AttemptEnd = { status: number } | { failure: AttemptFailure };

/**
 * Whether another attempt is safe. A body the upstream already read from cannot be replayed, so
 * it is never retried. Otherwise any method goes again when the node never got the request;
 * idempotent methods also after a reset, a first-byte timeout or a 502/503/504.
 */
export function mayRetry(method: string, end: AttemptEnd, bodyConsumed: boolean): boolean {
  if (bodyConsumed) return false;
  if ('status' in end) return idempotentMethods.has(method) && retriedStatuses.has(end.status);
  if (neverReceived(end.failure)) return true;
  return idempotentMethods.has(method) && (end.failure === 'reset' || end.failure === 'first_byte_timeout');
}
