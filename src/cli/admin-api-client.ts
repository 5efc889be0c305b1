import { request } from 'undici';
import { systemErrorCode, systemErrorWords } from './system-error-words.js';

/** Where the admin API is and the token to call it with (made with `POST /api/admin/tokens`). */
export interface AdminTarget {
  url: string;
  token: string;
}

/** A failed admin call, with the API's own error message. */
export class AdminCallError extends Error {
  constructor(
    /** The HTTP status; 0 when no answer came (the API could not be reached). */
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdminCallError';
  }
}

/**
 * The CLI's only way to change Portico: the same admin API every client uses, so every change
 * is authorized and audited the same way.
 */
export async function callAdmin(
  target: AdminTarget,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string; json: unknown }> {
  const url = new URL(path, target.url);
  const response = await request(url, {
    method,
    headers: {
      authorization: `Bearer ${target.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch((error: unknown) => {
    throw new AdminCallError(
      0,
      `cannot reach the admin API at ${url.origin} (${reason(error)}); is Portico running there? (--url or PORTICO_ADMIN_URL)`,
    );
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  if (response.statusCode >= 400) {
    const message =
      typeof json === 'object' && json !== null && 'error' in json ? JSON.stringify(json.error) : text;
    throw new AdminCallError(response.statusCode, `${method} ${path} → ${response.statusCode}: ${message}`);
  }
  return { status: response.statusCode, text, json };
}

/** Why a call got no answer, in words: `connection refused (ECONNREFUSED)`. */
function reason(error: unknown): string {
  const code = systemErrorCode(error);
  if (code !== undefined) return `${systemErrorWords(code) ?? 'failed'} (${code})`;
  return error instanceof Error ? error.message : String(error);
}
