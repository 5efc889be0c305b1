import { createHash } from 'node:crypto';
import type { ApiKeyConfig } from '../../config/portico-config.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { GatewayContext } from '../gateway-context.js';
import type { Stage } from '../stage.js';

const digest = (key: string): string => createHash('sha256').update(key).digest('base64url');

/**
 * The presented key, in the places each dialect's clients put it: `Authorization: Bearer`
 * (OpenAI), `x-api-key` (Anthropic), `x-goog-api-key` or `?key=` (Gemini).
 */
function presentedKey(context: GatewayContext): string | undefined {
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

/**
 * Checks the caller's key against the configured ones. Keys are kept only as SHA-256 digests,
 * so a lookup is one hash and one map read; with no keys configured the API is open.
 */
export function createAuthenticate(keys: readonly ApiKeyConfig[]): Stage {
  const byDigest = new Map(keys.map((key) => [digest(key.key), key.name]));
  return (context) => {
    if (byDigest.size === 0) return;
    const key = presentedKey(context);
    if (key === undefined) {
      throw new GatewayError('invalid_api_key', "Missing API key. Send it as 'Authorization: Bearer <key>'.");
    }
    const name = byDigest.get(digest(key));
    if (name === undefined) throw new GatewayError('invalid_api_key', 'Invalid API key.');
    context.keyName = name;
  };
}
