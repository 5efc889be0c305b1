/** An admin API error answer (`{ "error": { "code", "message" } }`) or a failure to reach it. */
export class AdminApiError extends Error {
  /** The HTTP status; 0 when the request did not get an answer. */
  readonly status: number;
  /** The admin API's error code (`password_change_required`, `unauthenticated`, ...), or `network_error`. */
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'AdminApiError';
    this.status = status;
    this.code = code;
  }
}
