import type { UsersTable } from '../database-schema.js';
import type { Db, PageWindow } from './db.js';

/** What a change of a user may set. */
export type UserChange = Partial<
  Pick<UsersTable, 'role' | 'disabled' | 'password_hash' | 'must_change_password'>
> & { updated_at: number };

/** The queries on admin users; their sessions and tokens are in credential-repository. */
export const userRepository = {
  find(db: Db, id: string): Promise<UsersTable | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findByUsername(db: Db, username: string): Promise<UsersTable | undefined> {
    return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  },

  /** Whether any platform admin exists (the first one is bootstrapped when none does). */
  async hasPlatformAdmin(db: Db): Promise<boolean> {
    const row = await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'platform_admin')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Users by id; `tenantId` keeps those of one tenant. */
  list(db: Db, tenantId: string | undefined, page: PageWindow): Promise<UsersTable[]> {
    let query = db.selectFrom('users').selectAll();
    if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
    if (page.after !== undefined) query = query.where('id', '>', page.after);
    return query.orderBy('id').limit(page.limit).execute();
  },

  async insert(db: Db, row: UsersTable): Promise<void> {
    await db.insertInto('users').values(row).execute();
  },

  async update(db: Db, id: string, change: UserChange): Promise<void> {
    await db
      .updateTable('users')
      .set({
        role: change.role,
        disabled: change.disabled,
        password_hash: change.password_hash,
        must_change_password: change.must_change_password,
        updated_at: change.updated_at,
      })
      .where('id', '=', id)
      .execute();
  },

  /** Deletes the user; their sessions and tokens cascade. */
  async remove(db: Db, id: string): Promise<void> {
    await db.deleteFrom('users').where('id', '=', id).execute();
  },
};
