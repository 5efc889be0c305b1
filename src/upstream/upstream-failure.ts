import type { ErrorCode } from '../core/error-codes.js';
import { GatewayError } from '../core/gateway-error.js';

/** The gateway error code for an upstream HTTP status (the one place this mapping lives). */
export function codeForUpstreamStatus(status: number): ErrorCode {
  if (status === 429) return 'rate_limit_exceeded';
  if (status === 401 || status === 403) return 'upstream_auth_failed';
  if (status === 503 || status === 529) return 'upstream_unavailable'; // 529: Anthropic "overloaded"
  if (status === 504) return 'upstream_timeout';
  if (status >= 500) return 'upstream_error';
  return 'upstream_invalid_request';
}

/** Whether another target may succeed where this one failed: rate limits, outages, timeouts. */
export function isFallbackWorthy(error: GatewayError): boolean {
  return (
    error.code === 'rate_limit_exceeded' ||
    error.code === 'upstream_unavailable' ||
    error.code === 'upstream_timeout' ||
    error.code === 'upstream_error'
  );
}

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Maps a transport error (undici or socket) from calling `providerId` to a GatewayError. */
export function transportFailure(error: unknown, providerId: string, timedOut: boolean): GatewayError {
  if (error instanceof GatewayError) return error;
  const code = (error as { code?: unknown }).code;
  const codeText = typeof code === 'string' ? code : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (timedOut || timeoutCodes.has(codeText)) {
    return new GatewayError(
      'upstream_timeout',
      `Provider ${providerId} did not answer in time (${codeText || 'total timeout'}).`,
      {
        provider: { provider: providerId, message: detail },
        cause: error,
      },
    );
  }
  const gatewayCode: ErrorCode = unavailableCodes.has(codeText) ? 'upstream_unavailable' : 'upstream_error';
  return new GatewayError(
    gatewayCode,
    `Provider ${providerId} could not be reached (${codeText || detail}).`,
    {
      provider: { provider: providerId, message: detail },
      cause: error,
    },
  );
}

/**
 * Maps a failure while reading an answer whose headers had arrived (reset, idle or total timeout)
 * to a GatewayError: `upstream_timeout` (504) for timeouts, else `upstream_error` (502), as
 * nginx reports an upstream that closed before its body ended. Never `internal_error`.
 */
export function bodyReadFailure(error: unknown, providerId: string, timedOut: boolean): GatewayError {
  if (error instanceof GatewayError) return error;
  const failure = transportFailure(error, providerId, timedOut);
  if (failure.code === 'upstream_timeout') return failure;
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  return new GatewayError(
    'upstream_error',
    `Provider ${providerId} broke off its answer (${typeof code === 'string' ? code : detail}).`,
    { provider: { provider: providerId, message: detail }, cause: error },
  );
}
