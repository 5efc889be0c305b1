/**
 * An error the admin API answers with `{ "error": { "code", "message" } }` and its status.
 * Codes: invalid_request (400), unauthenticated (401), forbidden and password_change_required
 * (403), not_found (404), conflict (409), unsupported_media_type (415), too_many_attempts (429).
 * `headers` are sent with the answer (`retry-after`).
 */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code:
      | 'invalid_request'
      | 'unauthenticated'
      | 'forbidden'
      | 'password_change_required'
      | 'not_found'
      | 'conflict'
      | 'unsupported_media_type'
      | 'too_many_attempts',
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'AdminError';
  }
}
