import { GatewayError } from '../../core/gateway-error.js';
import type { Authenticated, Received } from '../context/phases.js';
import type { KeyGrant } from '../../governance/governance-snapshot.js';
import type { GovernanceState } from '../../governance/governance-state.js';
import type { Stage } from '../stage.js';

/**
 * The presented key, in the places each dialect's clients put it: `Authorization: Bearer`
 * (OpenAI), `x-api-key` (Anthropic), `x-goog-api-key` or `?key=` (Gemini).
 */
function presentedKey(context: Received): string | undefined {
  const headers = context.headers;
  const authorization = headers['authorization'];
  if (typeof authorization === 'string' && /^bearer /i.test(authorization))
    return authorization.slice(7).trim();
  for (const name of ['x-api-key', 'x-goog-api-key']) {
    const value = headers[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  if (context.query.includes('key=')) return new URLSearchParams(context.query).get('key') ?? undefined;
  return undefined;
}

/** Hashes remembered at most; past it the memory starts over (a bound, not an LRU: cheap and enough). */
const rememberedHashes = 10_000;

/**
 * Checks the caller's key against the snapshot of stored keys: one HMAC and one map read, so a
 * revocation counts from the next request after the snapshot reloads. With no key stored at all
 * the API is open (Portico says so at start).
 */
export function createAuthenticate(
  state: GovernanceState,
  hash: (secret: string) => string,
): Stage<Received, Authenticated> {
  const checkKey = createKeyCheck(state, hash);
  return (context) => {
    if (!state.keysRequired) return;
    const key = presentedKey(context);
    if (key === undefined) {
      throw new GatewayError('invalid_api_key', "Missing API key. Send it as 'Authorization: Bearer <key>'.");
    }
    const grant = checkKey(key);
    context.caller = grant;
    context.keyName = grant.keyName;
  };
}

/**
 * The key lookup every keyed entry shares (model endpoints, REST services): the grant of a
 * presented key, or a GatewayError for unknown, revoked and expired keys. The HMAC of a key that
 * matched is remembered (1.5-1.9% of busy time in the profile, docs/benchmarks.md); unknown keys
 * are not, so guessing cannot fill the memory, and the snapshot still decides on every call.
 */
export function createKeyCheck(
  state: GovernanceState,
  hash: (secret: string) => string,
): (key: string) => KeyGrant {
  const known = new Map<string, string>();
  return (key) => {
    const remembered = known.get(key);
    const hashed = remembered ?? hash(key);
    const grant = state.snapshot.keysByHash.get(hashed);
    if (grant === undefined) throw new GatewayError('invalid_api_key', 'Invalid API key.');
    if (remembered === undefined) {
      if (known.size >= rememberedHashes) known.clear();
      known.set(key, hashed);
    }
    const now = Date.now();
    if (grant.revokedAt !== null && grant.revokedAt <= now) {
      throw new GatewayError('key_revoked', `The API key ${grant.keyPrefix}… was revoked.`);
    }
    if (grant.expiresAt !== null && grant.expiresAt <= now) {
      throw new GatewayError('key_expired', `The API key ${grant.keyPrefix}… has expired.`);
    }
    return grant;
  };
}
