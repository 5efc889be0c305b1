import type { FastifyRequest } from 'fastify';
import type { KeyHasher } from '../storage/key-hasher.js';
import type { Store } from '../storage/open-store.js';
import { credentialRepository } from '../storage/repositories/credential-repository.js';
import type { Principal } from './admin-context.js';
import { AdminError } from './admin-error.js';
import { readSessionCookie } from './session-cookie.js';

// Writing last_used_at on every call would turn each read into a write; a minute is precise enough.
const lastUsedResolutionMs = 60_000;

/**
 * Resolves the caller from `Authorization: Bearer pat-…` or the session cookie. Refuses (401
 * `unauthenticated`) a missing, unknown, expired or revoked credential and a disabled user.
 */
export async function authenticateAdmin(
  store: Store,
  hasher: KeyHasher,
  request: FastifyRequest,
): Promise<Principal> {
  const secret = bearerSecret(request.headers.authorization) ?? readSessionCookie(request.headers.cookie);
  if (secret === undefined) {
    throw new AdminError('unauthenticated', 'Sign in, or send an admin token as a Bearer token.');
  }
  const now = Date.now();
  const row = await credentialRepository.findWithUser(store.db, hasher.hash(secret));
  const usable =
    row !== undefined &&
    row.revoked_at === null &&
    (row.expires_at === null || row.expires_at > now) &&
    row.disabled === 0;
  if (!usable) throw new AdminError('unauthenticated', 'The session or admin token is invalid or expired.');
  if (row.last_used_at === null || now - row.last_used_at > lastUsedResolutionMs) {
    await credentialRepository.touch(store.db, row.credentialId, now);
  }
  return {
    userId: row.userId,
    username: row.username,
    role: row.role,
    tenantId: row.tenant_id,
    via: row.kind,
    credentialId: row.credentialId,
    mustChangePassword: row.must_change_password === 1,
  };
}

function bearerSecret(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
