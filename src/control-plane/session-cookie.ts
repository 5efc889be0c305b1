/** The cookie that carries a browser session's `ps-…` secret. */
export const sessionCookieName = 'portico_session';

/** How long a session lasts: 12 hours, in milliseconds. */
export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

/** The session secret from a `Cookie` header, or undefined (also when it is not valid percent-encoding). */
export function readSessionCookie(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === sessionCookieName) return decodeCookieValue(rest.join('='));
  }
  return undefined;
}

/** Our secrets are plain ASCII; a value that does not decode (`%E0%A4%A`) is no session, not a 500. */
function decodeCookieValue(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * The `Set-Cookie` value for a new session: HttpOnly, SameSite=Strict, Path=/, 12 h; `Secure`
 * when the admin API itself was reached over HTTPS (plain HTTP is common on localhost).
 */
export function sessionCookie(secret: string, secure: boolean): string {
  const attributes = `HttpOnly; SameSite=Strict; Path=/; Max-Age=${sessionLifetimeMs / 1000}`;
  return `${sessionCookieName}=${secret}; ${attributes}${secure ? '; Secure' : ''}`;
}

/** The `Set-Cookie` value that removes the session cookie. */
export function clearedSessionCookie(): string {
  return `${sessionCookieName}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
}
