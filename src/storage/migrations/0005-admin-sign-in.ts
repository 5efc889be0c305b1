import { sql, type Kysely } from 'kysely';

/** Admin tokens' default lifetime at the time of this migration (token-routes.ts), in ms. */
const tokenLifetimeMs = 90 * 24 * 60 * 60 * 1000;

/**
 * `users.must_change_password` (a generated or reset password works only to choose a new one) and
 * an expiry for admin tokens created before tokens had to expire (docs/security.md).
 */
export function adminSignInMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('users')
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Tokens that never expired now expire one default lifetime after the upgrade.
      await sql`update credentials set expires_at = ${Date.now() + tokenLifetimeMs}
        where kind = 'token' and expires_at is null and revoked_at is null`.execute(db);
    },
  };
}
