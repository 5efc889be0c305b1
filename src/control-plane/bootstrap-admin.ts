import { newEntityId } from '../storage/key-hasher.js';
import type { Store } from '../storage/open-store.js';
import { userRepository } from '../storage/repositories/user-repository.js';
import { hashPassword } from './hash-password.js';
import { newOneTimePassword } from './new-one-time-password.js';
import { writeAudit } from './write-audit.js';

/** The first platform admin's credentials, for the caller to show once (see announceBootstrapAdmin). */
export interface BootstrappedAdmin {
  username: string;
  password: string;
  /**
   * True when the password was generated (PORTICO_ADMIN_PASSWORD not set): it is one-time, the
   * first sign-in must change it. An operator-chosen password need not change.
   */
  generated: boolean;
}

/**
 * Creates the user `admin` as platform admin when the store has no platform admin yet, with
 * `password` or a random one-time password (marked `must_change_password`); returns undefined
 * when an admin exists already. The caller shows the result once; it is never logged.
 */
export async function bootstrapAdmin(
  store: Store,
  password?: string,
): Promise<BootstrappedAdmin | undefined> {
  if (await userRepository.hasPlatformAdmin(store.db)) return undefined;
  const generated = password === undefined || password === '';
  const chosen = generated ? newOneTimePassword() : password;
  const passwordHash = await hashPassword(chosen);
  const now = Date.now();
  const user = {
    id: newEntityId('usr'),
    username: 'admin',
    password_hash: passwordHash,
    role: 'platform_admin' as const,
    tenant_id: null,
    disabled: 0,
    must_change_password: generated ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  await store.db.transaction().execute(async (trx) => {
    await userRepository.insert(trx, user);
    await writeAudit(trx, {
      actor: 'system',
      action: 'user.bootstrap',
      targetType: 'user',
      targetId: user.id,
      tenantId: null,
      before: null,
      after: { id: user.id, username: user.username, role: user.role },
    });
  });
  return { username: user.username, password: chosen, generated };
}
