/**
 * Why an attempt got no answer. `refused`, `connect_timeout` and `tls` mean the node never
 * received the request; after `reset` and `first_byte_timeout` it may have.
 */
export type AttemptFailure =
  | 'refused'
  | 'connect_timeout'
  | 'tls'
  | 'reset'
  | 'first_byte_timeout'
  | 'total_timeout'
  | 'client_closed'
  /** undici refused the request itself (a header or method it cannot send): not the node's fault. */
  | 'unsendable'
  | 'other';

const refusedCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code: unknown = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects report every address's failure together.
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return undefined;
}

/** The failure kind of an error undici or node:net threw for one attempt. */
export function classifyAttemptError(error: unknown): { failure: AttemptFailure; code: string | undefined } {
  const code = errorCode(error);
  if (code === undefined) return { failure: 'other', code };
  if (refusedCodes.has(code)) return { failure: 'refused', code };
  if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED')
    return { failure: 'unsendable', code };
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return { failure: 'connect_timeout', code };
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return { failure: 'first_byte_timeout', code };
  if (resetCodes.has(code)) return { failure: 'reset', code };
  // Node's TLS verification codes (DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID...).
  if (/CERT|TLS|SSL|SIGNATURE|ISSUER/.test(code)) return { failure: 'tls', code };
  return { failure: 'other', code };
}

/** True when the node cannot have seen the request, so even a POST may go elsewhere. */
export function neverReceived(failure: AttemptFailure): boolean {
  return failure === 'refused' || failure === 'connect_timeout' || failure === 'tls';
}
