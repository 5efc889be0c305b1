import { AdminError, adminErrorStatus, type AdminErrorCode } from './admin-error.js';

/** The status and body the admin API answers a thrown error with. */
export interface AdminErrorReply {
  status: number;
  body: { error: { code: string; message: string } };
  /** Headers to send with it (`retry-after`); usually none. */
  headers: Readonly<Record<string, string>>;
  /** True for unexpected failures, which are logged; their details never reach the client. */
  unexpected: boolean;
}

/**
 * Maps anything a route or Fastify throws to `{ error: { code, message } }`: AdminError keeps its
 * status; schema failures are 400 `invalid_request` naming the field; duplicates are 409
 * `conflict`; other Fastify client errors (bad JSON, body too large) keep their 4xx status; the
 * rest is 500 `internal_error` without internals.
 */
export function adminErrorReply(error: unknown): AdminErrorReply {
  if (error instanceof AdminError) return { ...reply(error.code, error.message), headers: error.headers };
  if (isUniqueViolation(error)) return reply('conflict', 'An object with this name or id already exists.');
  if (isForeignKeyViolation(error)) return reply('conflict', 'A referenced object does not exist.');
  if (error instanceof Error && 'validation' in error && Array.isArray(error.validation)) {
    return reply('invalid_request', `Invalid request: ${error.message}.`);
  }
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500 && error instanceof Error) {
    return { ...reply(clientErrorCode(status), error.message), status };
  }
  return {
    ...reply('internal_error', 'The control plane failed to handle this request.'),
    unexpected: true,
  };
}

/** A Fastify client error's code; its own 4xx status is kept (413 for a body too large). */
function clientErrorCode(status: number): AdminErrorCode {
  if (status === 404) return 'not_found';
  return status === 415 ? 'unsupported_media_type' : 'invalid_request';
}

function reply(code: AdminErrorCode, message: string): AdminErrorReply {
  return {
    status: adminErrorStatus[code],
    body: { error: { code, message } },
    headers: {},
    unexpected: false,
  };
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/** SQLite `SQLITE_CONSTRAINT_UNIQUE`/`_PRIMARYKEY`, PostgreSQL `23505`. */
function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** SQLite `SQLITE_CONSTRAINT_FOREIGNKEY`, PostgreSQL `23503`. */
function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}
