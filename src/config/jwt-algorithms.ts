import { JwtSpecError } from './jwt-spec-error.js';

/** The asymmetric signature algorithms a service accepts when `auth.jwt.algorithms` is absent. */
export const defaultJwtAlgorithms: readonly string[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/** Every algorithm a service may list: the defaults plus HMAC, which must be listed explicitly. */
const knownAlgorithms = new Set([...defaultJwtAlgorithms, 'HS256', 'HS384', 'HS512']);

/**
 * The algorithms a service accepts. `none` and unknown names are refused, so a typo never widens
 * or silently narrows what is accepted.
 */
export function jwtAlgorithms(listed: readonly string[] | undefined): string[] {
  if (listed === undefined || listed.length === 0) return [...defaultJwtAlgorithms];
  for (const name of listed) {
    if (name.toLowerCase() === 'none')
      throw new JwtSpecError("auth.jwt.algorithms may not list 'none': unsigned tokens are never accepted.");
    if (!knownAlgorithms.has(name)) {
      throw new JwtSpecError(
        `auth.jwt.algorithms lists '${name}', which is not one of ${[...knownAlgorithms].join(', ')}.`,
      );
    }
  }
  return [...new Set(listed)];
}
