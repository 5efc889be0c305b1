import type { Store } from '../storage/open-store.js';

/**
 * Revokes every live session and admin token of a user, except `keepId` (the caller's own
 * credential when they change their own password). Used when a password changes or is reset, so
 * whoever knew the old password keeps nothing it bought.
 */
export async function revokeUserCredentials(
  db: Store['db'],
  userId: string,
  at: number,
  keepId?: string,
): Promise<void> {
  let update = db
    .updateTable('credentials')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keepId !== undefined) update = update.where('id', '!=', keepId);
  await update.execute();
}
