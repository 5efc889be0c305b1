import { request } from 'undici';

/** Where the admin API is and the token to call it with (made with `POST /api/admin/tokens`). */
export interface AdminTarget {
  url: string;
  token: string;
}

/** A failed admin call, with the API's own error message. */
export class AdminCallError extends Error {
  constructor(
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
  const response = await request(new URL(path, target.url), {
    method,
    headers: {
      authorization: `Bearer ${target.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
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
