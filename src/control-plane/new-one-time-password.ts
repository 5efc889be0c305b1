import { randomBytes } from 'node:crypto';

/** A random password (24 url-safe characters, 144 bits) for a first or reset sign-in. */
export function newOneTimePassword(): string {
  return randomBytes(18).toString('base64url');
}
