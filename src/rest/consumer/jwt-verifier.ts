import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type CryptoKey,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { KeyObject } from 'node:crypto';
import type { StaticJwtKeys } from '../../config/jwt-static-keys.js';
import { readJwtSpec, type JwtSpec } from '../../config/read-jwt-spec.js';
import { GatewayError } from '../../core/gateway-error.js';
import { jwtFailure } from './jwt-failure.js';

/** Who a verified JWT says is calling: its subject and the tenant and app its claims name. */
export interface JwtConsumer {
  /** The token's `sub` claim ('' when absent). */
  subject: string;
  /** The token's issuer (`iss`), when present; part of the caller's stable id. */
  issuer?: string;
  /** The value of the tenant claim (an id or a name), when the token carries one. */
  tenant?: string;
  /** The value of the app claim (an id or a name), when the token carries one. */
  app?: string;
}

/** Checks a consumer's bearer JWT against one service's `auth.jwt` settings. */
export interface JwtVerifier {
  /**
   * Resolves to the token's consumer; throws GatewayError('invalid_token', 401) saying why it was
   * refused, or GatewayError('jwks_unavailable', 503) when the JWKS URL could not be read.
   */
  verify(token: string): Promise<JwtConsumer>;
}

export type { JwtSpec };

/** Default `clock_skew_s`: tolerance on exp / nbf for clocks that drift between issuer and gateway. */
const defaultClockSkewSeconds = 30;
/** A JWKS fetch gives up after this long, so a hung key server delays a request by 3 s at most. */
export const jwksTimeoutMs = 3_000;
/** An unknown `kid` refetches the JWKS at most this often (key rotation without a fetch storm). */
export const jwksCooldownMs = 30_000;
/** Fetched keys are trusted this long; then the next request refetches (removed keys stop working). */
export const jwksMaxAgeMs = 600_000;
/** After a failed fetch, requests that need one get 503 at once for this long instead of waiting again. */
export const jwksFailureHoldMs = 5_000;
/** Default claim naming the consumer's app: OAuth's authorized party (the client id). */
export const defaultAppClaim = 'azp';

/**
 * Builds the verifier of one service's JWT settings (docs/rest-services.md, "Consumers"). Throws
 * JwtSpecError (from `readJwtSpec`) when the settings cannot work: no keys, a private key, an
 * unknown algorithm.
 */
export function createJwtVerifier(spec: JwtSpec): JwtVerifier {
  const { algorithms, staticKeys } = readJwtSpec(spec);
  const resolvePublic = publicKeyResolver(spec.jwks_url, staticKeys.publicKeys);
  const options = {
    algorithms,
    clockTolerance: spec.clock_skew_s ?? defaultClockSkewSeconds,
    requiredClaims: ['exp'],
    ...(spec.issuer === undefined ? {} : { issuer: spec.issuer }),
    ...(spec.audience === undefined ? {} : { audience: spec.audience }),
  };
  const appClaim = spec.claims?.app ?? defaultAppClaim;
  const tenantClaim = spec.claims?.tenant;

  const verifyWith = async (token: string, alg: unknown): Promise<JWTPayload> => {
    if (typeof alg === 'string' && alg.startsWith('HS'))
      return verifyWithSecrets(token, staticKeys.secrets, options);
    try {
      return (await jwtVerify(token, resolvePublic, options)).payload;
    } catch (error) {
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      return verifyWithCandidates(token, error, options);
    }
  };

  return {
    async verify(token) {
      const header = readHeader(token);
      try {
        const payload = await verifyWith(token, header.alg);
        return consumerOf(payload, appClaim, tenantClaim);
      } catch (error) {
        throw jwtFailure(error, header);
      }
    },
  };
}

type VerifyOptions = Parameters<typeof jwtVerify>[2];

/**
 * Static keys first, then the JWKS URL. Fetch failures become `jwks_unavailable`; after one,
 * requests that would fetch again fail at once for `jwksFailureHoldMs` (a down key server costs
 * each request nothing instead of a timeout).
 */
function publicKeyResolver(
  jwksUrl: string | undefined,
  staticSet: StaticJwtKeys['publicKeys'],
): JWTVerifyGetKey {
  const local = staticSet.keys.length > 0 ? createLocalJWKSet(staticSet) : undefined;
  const remote =
    jwksUrl === undefined
      ? undefined
      : createRemoteJWKSet(new URL(jwksUrl), {
          timeoutDuration: jwksTimeoutMs,
          cooldownDuration: jwksCooldownMs,
          cacheMaxAge: jwksMaxAgeMs,
        });
  let failedAt = Number.NEGATIVE_INFINITY;
  return async (header, token) => {
    if (local !== undefined) {
      try {
        return await local(header, token);
      } catch (error) {
        if (remote === undefined || !(error instanceof errors.JWKSNoMatchingKey)) throw error;
      }
    }
    if (remote === undefined) throw new errors.JWKSNoMatchingKey();
    if (!remote.fresh && Date.now() - failedAt < jwksFailureHoldMs)
      throw new GatewayError('jwks_unavailable');
    try {
      return await remote(header, token);
    } catch (error) {
      if (isKeySelectionError(error)) throw error;
      failedAt = Date.now();
      throw new GatewayError('jwks_unavailable', undefined, { cause: error });
    }
  };
}

/** Errors of choosing a key from a key set that was read fine (not of fetching it). */
function isKeySelectionError(error: unknown): boolean {
  return (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSENotSupported ||
    error instanceof errors.JOSEAlgNotAllowed
  );
}

/** Several keys match the token's `kid`/`alg` (keys without `kid`): the first that verifies wins. */
async function verifyWithCandidates(
  token: string,
  candidates: AsyncIterable<CryptoKey>,
  options: VerifyOptions,
): Promise<JWTPayload> {
  for await (const key of candidates) {
    try {
      return (await jwtVerify(token, key, options)).payload;
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error;
    }
  }
  throw new errors.JWSSignatureVerificationFailed();
}

async function verifyWithSecrets(
  token: string,
  secrets: readonly KeyObject[],
  options: VerifyOptions,
): Promise<JWTPayload> {
  for (const secret of secrets) {
    try {
      return (await jwtVerify(token, secret, options)).payload;
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error;
    }
  }
  // No secret (or the algorithm is not listed, which jwtVerify reports first when a secret exists).
  if (secrets.length === 0 && !(options?.algorithms ?? []).some((name) => name.startsWith('HS'))) {
    throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  }
  throw new errors.JWSSignatureVerificationFailed();
}

/** The protected header, for choosing the key family and for error messages; {} when unreadable. */
function readHeader(token: string): { alg?: unknown; kid?: unknown } {
  const dot = token.indexOf('.');
  if (dot <= 0) return {};
  try {
    const value = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}

function consumerOf(payload: JWTPayload, appClaim: string, tenantClaim: string | undefined): JwtConsumer {
  const app =
    claimValue(payload, appClaim) ??
    (appClaim === defaultAppClaim ? claimValue(payload, 'client_id') : undefined);
  const tenant = tenantClaim === undefined ? undefined : claimValue(payload, tenantClaim);
  return {
    subject: typeof payload.sub === 'string' ? payload.sub : '',
    ...(typeof payload.iss === 'string' && { issuer: payload.iss }),
    ...(tenant !== undefined && { tenant }),
    ...(app !== undefined && { app }),
  };
}

/**
 * A claim's value as a string: the claim named exactly (namespaced claims are URLs, dots and
 * all), else a dotted path into nested objects (`org.id`). Numbers count; other shapes do not.
 */
function claimValue(payload: JWTPayload, name: string): string | undefined {
  const direct: unknown = payload[name];
  const value =
    direct !== undefined
      ? direct
      : name
          .split('.')
          .reduce<unknown>(
            (node, part) =>
              typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined,
            payload,
          );
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
