import type { HttpAuthSpec } from './http-service-schema.js';
import { jwtAlgorithms } from './jwt-algorithms.js';
import { JwtSpecError } from './jwt-spec-error.js';
import { readStaticJwtKeys, type StaticJwtKeys } from './jwt-static-keys.js';

export type JwtSpec = NonNullable<HttpAuthSpec['jwt']>;

/** A service's `auth.jwt` checked and read: what the verifier is built from. */
export interface ReadJwtSpec {
  /** The accepted algorithms: the listed ones, or the asymmetric defaults. */
  algorithms: string[];
  staticKeys: StaticJwtKeys;
}

/**
 * Checks what the schema cannot: keys readable and public, algorithms known and never `none`,
 * an HMAC secret only with an HS* algorithm listed, at least one source of keys. Throws
 * JwtSpecError naming the setting; the admin API can call it to refuse a spec before it is saved.
 */
export function readJwtSpec(spec: JwtSpec): ReadJwtSpec {
  const algorithms = jwtAlgorithms(spec.algorithms);
  const staticKeys = readStaticJwtKeys(spec.keys ?? []);
  if (
    spec.jwks_url === undefined &&
    staticKeys.publicKeys.keys.length === 0 &&
    staticKeys.secrets.length === 0
  ) {
    throw new JwtSpecError('auth.jwt needs a jwks_url or at least one entry in keys.');
  }
  if (staticKeys.secrets.length > 0 && !algorithms.some((name) => name.startsWith('HS'))) {
    throw new JwtSpecError(
      'auth.jwt.keys holds an HMAC secret; list the HS* algorithm in auth.jwt.algorithms to use it.',
    );
  }
  return { algorithms, staticKeys };
}
