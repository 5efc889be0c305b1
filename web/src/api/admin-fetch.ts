import { AdminApiError } from './admin-api-error';

/** What `adminFetch` sends besides the path. */
export interface AdminFetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON; absent: no body. */
  body?: unknown;
}

/**
 * Calls the admin API on this origin with the session cookie. Same-origin writes carry the page's
 * Origin, which is what the admin API's cross-site check accepts. Throws AdminApiError on any
 * non-2xx answer; resolves to undefined for 204.
 */
export async function adminFetch<T>(path: string, options: AdminFetchOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AdminApiError(0, 'network_error', `Cannot reach the admin API (${method} ${path}): ${reason}`);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok) {
    const error = errorOf(body);
    throw new AdminApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `Request failed with status ${response.status}: ${method} ${path}`,
    );
  }
  return body as T;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorOf(body: unknown): { code: string; message: string } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error: unknown = body.error;
  if (typeof error !== 'object' || error === null) return undefined;
  if (!('code' in error) || !('message' in error)) return undefined;
  if (typeof error.code !== 'string' || typeof error.message !== 'string') return undefined;
  return { code: error.code, message: error.message };
}
