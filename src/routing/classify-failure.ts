import type { FallbackTrigger } from '../config/portico-config.js';
import type { GatewayError } from '../core/gateway-error.js';

/**
 * The kind of an upstream failure, for retry and fallback decisions; undefined when the request
 * itself is at fault (a 4xx other than 429), which no other target would answer differently.
 */
export function classifyFailure(error: GatewayError): FallbackTrigger | undefined {
  switch (error.code) {
    case 'rate_limit_exceeded':
      return 'rate_limit';
    case 'upstream_timeout':
      return 'timeout';
    case 'upstream_bad_response':
      return 'bad_response';
    case 'content_filtered':
      return 'content_filter';
    case 'upstream_error':
    case 'upstream_unavailable':
      // No status means the connection failed before any answer.
      return error.provider?.status === undefined ? 'connection' : 'server_error';
    default:
      return undefined;
  }
}
