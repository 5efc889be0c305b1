import type { CredentialsTable } from '../database-schema.js';
import type { Db, PageWindow } from './db.js';

/** The queries on sessions and admin tokens (both stored as `credentials`, by secret digest). */
export const credentialRepository = {
  async insert(db: Db, row: CredentialsTable): Promise<void> {
    await db.insertInto('credentials').values(row).execute();
  },

  /** The user's admin token `id`, or undefined (another user's token reads as missing). */
  findToken(db: Db, userId: string, id: string): Promise<CredentialsTable | undefined> {
    return db
      .selectFrom('credentials')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('kind', '=', 'token')
      .executeTakeFirst();
  },

  listTokens(db: Db, userId: string, page: PageWindow): Promise<CredentialsTable[]> {
    let query = db
      .selectFrom('credentials')
      .selectAll()
      .where('user_id', '=', userId)
      .where('kind', '=', 'token');
    if (page.after !== undefined) query = query.where('id', '>', page.after);
    return query.orderBy('id').limit(page.limit).execute();
  },

  /** The credential with this secret digest and what its user is now, or undefined. */
  findWithUser(db: Db, secretHash: string) {
    return db
      .selectFrom('credentials')
      .innerJoin('users', 'users.id', 'credentials.user_id')
      .select([
        'credentials.id as credentialId',
        'credentials.kind',
        'credentials.expires_at',
        'credentials.revoked_at',
        'credentials.last_used_at',
        'users.id as userId',
        'users.username',
        'users.role',
        'users.tenant_id',
        'users.disabled',
        'users.must_change_password',
      ])
      .where('credentials.secret_hash', '=', secretHash)
      .executeTakeFirst();
  },

  async touch(db: Db, id: string, at: number): Promise<void> {
    await db.updateTable('credentials').set({ last_used_at: at }).where('id', '=', id).execute();
  },

  async revoke(db: Db, id: string, at: number): Promise<void> {
    await db.updateTable('credentials').set({ revoked_at: at }).where('id', '=', id).execute();
  },

  /** Ends the user's live sessions (a disabled user keeps tokens, which stop working anyway). */
  async revokeSessions(db: Db, userId: string, at: number): Promise<void> {
    await db
      .updateTable('credentials')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('kind', '=', 'session')
      .where('revoked_at', 'is', null)
      .execute();
  },

  /**
   * Revokes every live session and admin token of a user, except `keepId` (the caller's own
   * credential when they change their own password). Used when a password changes or is reset, so
   * whoever knew the old password keeps nothing it bought.
   */
  async revokeAllOfUser(db: Db, userId: string, at: number, keepId?: string): Promise<void> {
    let update = db
      .updateTable('credentials')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (keepId !== undefined) update = update.where('id', '!=', keepId);
    await update.execute();
  },
};
