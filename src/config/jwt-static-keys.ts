import {
  createPublicKey,
  createSecretKey,
  X509Certificate,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import { JwtSpecError } from './jwt-spec-error.js';

/** The static keys of a service's `auth.jwt.keys`, sorted by use. */
export interface StaticJwtKeys {
  /** Public keys (RSA, EC, OKP) as a key set, matched by `kid` and `alg` like a fetched JWKS. */
  publicKeys: JSONWebKeySet;
  /** HMAC secrets (`kty: oct` JWKs), tried in turn; only used for HS* algorithms the spec lists. */
  secrets: KeyObject[];
}

/**
 * Reads each entry of `keys`: a PEM public key (SPKI) or certificate, a JWK JSON object, or a
 * JWKS JSON object (`{"keys": [...]}`). Private keys are refused: a spec is readable by the
 * service's admins and in `export`, and the gateway only verifies.
 */
export function readStaticJwtKeys(keys: readonly string[]): StaticJwtKeys {
  const publicKeys: JWK[] = [];
  const secrets: KeyObject[] = [];
  for (const [index, text] of keys.entries()) {
    const where = `auth.jwt.keys[${index}]`;
    const trimmed = text.trim();
    if (trimmed.startsWith('-----BEGIN')) {
      publicKeys.push(pemToJwk(trimmed, where));
      continue;
    }
    for (const jwk of parseJwkJson(trimmed, where)) {
      if (jwk.kty === 'oct') secrets.push(secretFromJwk(jwk, where));
      else publicKeys.push(publicJwk(jwk, where));
    }
  }
  return { publicKeys: { keys: publicKeys }, secrets };
}

function pemToJwk(pem: string, where: string): JWK {
  if (/PRIVATE KEY-----/.test(pem)) {
    throw new JwtSpecError(`${where} is a private key; give the public key (SPKI PEM) instead.`);
  }
  try {
    const key = pem.includes('BEGIN CERTIFICATE')
      ? new X509Certificate(pem).publicKey
      : createPublicKey({ key: pem, format: 'pem' });
    return key.export({ format: 'jwk' });
  } catch {
    throw new JwtSpecError(`${where} is not a readable PEM public key (SPKI) or certificate.`);
  }
}

function parseJwkJson(text: string, where: string): JWK[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JwtSpecError(`${where} is neither a PEM public key nor JWK JSON.`);
  }
  if (!isObject(value)) throw new JwtSpecError(`${where} must be a JWK or JWKS JSON object.`);
  const members = Array.isArray(value['keys']) ? (value['keys'] as unknown[]) : [value];
  return members.map((member, position) => {
    if (!isObject(member) || typeof member['kty'] !== 'string') {
      throw new JwtSpecError(`${where}: key ${position} is not a JWK (no "kty").`);
    }
    return member;
  });
}

/** Checks a public JWK is importable and carries no private part. */
function publicJwk(jwk: JWK, where: string): JWK {
  if (jwk.d !== undefined) {
    throw new JwtSpecError(`${where} holds a private JWK ("d"); give the public key only.`);
  }
  try {
    createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    throw new JwtSpecError(`${where} is not a usable public JWK (kty "${String(jwk.kty)}").`);
  }
  return jwk;
}

function secretFromJwk(jwk: JWK, where: string): KeyObject {
  const bytes = typeof jwk.k === 'string' ? Buffer.from(jwk.k, 'base64url') : Buffer.alloc(0);
  // RFC 7518 §3.2: an HS256 key must be at least as long as the hash (32 bytes).
  if (bytes.length < 32) throw new JwtSpecError(`${where}: an HMAC secret must be at least 32 bytes.`);
  return createSecretKey(bytes);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
