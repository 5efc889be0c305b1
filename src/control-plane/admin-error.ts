/**
 * Every code the admin API answers with, and its one HTTP status (the data plane's table is
 * `core/error-codes.ts`). A code's status is written here only, never at the throw site.
 */
export const adminErrorStatus = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  password_change_required: 403,
  not_found: 404,
  conflict: 409,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  internal_error: 500,
} as const;

export type AdminErrorCode = keyof typeof adminErrorStatus;

/**
 * An error the admin API answers with `{ "error": { "code", "message" } }` and the code's status
 * from `adminErrorStatus`. `headers` are sent with the answer (`retry-after`).
 */
export class AdminError extends Error {
  readonly status: number;

  constructor(
    readonly code: Exclude<AdminErrorCode, 'internal_error'>,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'AdminError';
    this.status = adminErrorStatus[code];
  }
}
