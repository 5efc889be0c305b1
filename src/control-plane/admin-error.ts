/**
 * An error the admin API answers with `{ "error": { "code", "message" } }` and its status.
 * Codes: invalid_request (400), unauthenticated (401), forbidden (403), not_found (404),
 * conflict (409).
 */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'invalid_request' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}
