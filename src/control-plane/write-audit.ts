import type { AuditEntry, Principal } from './admin-context.js';
import type { Db } from '../storage/repositories/db.js';
import { auditRepository } from '../storage/repositories/audit-repository.js';

const secretName = /key|secret|password|token|hash|authorization|credential/i;

/**
 * Writes one audit row in the transaction it is given (`AdminRouteDeps['audit']`). Fields whose
 * name looks secret (key, secret, password, token, hash, authorization, credential) are masked
 * to `"***"` at any depth; numbers, booleans and nulls are kept, since they cannot be secret
 * material (`tokens_per_minute` stays readable).
 */
export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await auditRepository.insert(db, {
    at: Date.now(),
    actor: auditActor(entry.actor),
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    tenant_id: entry.tenantId,
    before: entry.before === null ? null : maskSecrets(entry.before),
    after: entry.after === null ? null : maskSecrets(entry.after),
  });
}

/** The `actor` column: the user id for sessions, `token:<id>` for admin tokens. */
export function auditActor(actor: AuditEntry['actor']): string {
  if (typeof actor === 'string') return actor;
  return actorOfPrincipal(actor);
}

function actorOfPrincipal(principal: Principal): string {
  return principal.via === 'token' ? `token:${principal.credentialId}` : principal.userId;
}

/** A copy of `value` with secret-looking fields replaced by `"***"`. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  const masked: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    const keep = field === null || typeof field === 'number' || typeof field === 'boolean';
    masked[name] = secretName.test(name) && !keep ? '***' : maskSecrets(field);
  }
  return masked;
}
