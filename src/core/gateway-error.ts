import { errorCodes, type ErrorCode } from './error-codes.js';

/** What a provider said when it refused a call; kept so clients see the vendor's own words. */
export interface ProviderFailure {
  /** Configured provider id, e.g. `openai-main`. */
  provider: string;
  /** HTTP status the provider answered with; absent for connection failures and timeouts. */
  status?: number;
  /** The provider's own error message (never its credentials). */
  message: string;
  /** The provider's own error type or code, when it gave one. */
  type?: string;
}

export interface GatewayErrorOptions {
  /** The request parameter at fault, reported as OpenAI's `error.param`. */
  param?: string;
  /** The upstream failure behind this error. */
  provider?: ProviderFailure;
  /** Seconds the client should wait before retrying; sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /** Extra response headers that explain the refusal (e.g. `x-ratelimit-*` on a 429). */
  headers?: Readonly<Record<string, string>>;
  cause?: unknown;
}

/** The one error class of the gateway: a code from the table plus a message for humans. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: string;
  readonly param: string | undefined;
  readonly provider: ProviderFailure | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(code: ErrorCode, message?: string, options: GatewayErrorOptions = {}) {
    const entry = errorCodes[code];
    super(message ?? entry.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = entry.status;
    this.type = entry.type;
    this.param = options.param;
    this.provider = options.provider;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers;
  }
}

/** Turns anything thrown into a GatewayError, hiding internals of unexpected errors. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError('internal_error', undefined, { cause: error });
}
