import type { Db } from '../storage/repositories/db.js';
import type { AdminRouteDeps, AuditEntry } from './admin-context.js';

/** An audit row of a mutation; the actor is the mutation's. */
export type MutationAudit = Omit<AuditEntry, 'actor'>;

/** What the write step of a mutation returns. */
export interface MutationOutcome<T> {
  /** What the handler answers with. */
  result: T;
  /** The rows to audit, in order; empty when nothing audited changed. */
  audit: readonly MutationAudit[];
}

/** One admin change: load → authorize → write (in `write`), then audit and notify (here). */
export interface AdminMutation<T> {
  /** Who acts: the actor of every audit row. */
  actor: AuditEntry['actor'];
  /**
   * Loads what it changes, authorizes the actor against it and writes, all through repositories
   * on the transaction it is given. A throw rolls everything back and nothing is audited.
   */
  write(db: Db): Promise<MutationOutcome<T>>;
  /** Whether the data plane must see the change (`deps.changed()` after commit); default true. */
  notify?: boolean;
}

/**
 * Runs one admin change: `write` and its audit rows in one transaction, then, once committed,
 * `deps.changed()` so the data plane reloads. Every admin write goes through here.
 */
export async function runAdminMutation<T>(
  deps: Pick<AdminRouteDeps, 'store' | 'audit' | 'changed'>,
  mutation: AdminMutation<T>,
): Promise<T> {
  const result = await deps.store.db.transaction().execute(async (trx) => {
    const outcome = await mutation.write(trx);
    for (const entry of outcome.audit) {
      await deps.audit(trx, { ...entry, actor: mutation.actor });
    }
    return outcome.result;
  });
  if (mutation.notify !== false) deps.changed();
  return result;
}
