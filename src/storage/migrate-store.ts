import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { governanceMigration } from './migrations/0001-governance.js';
import { callLogMigration } from './migrations/0002-call-log.js';
import { modelAllowListsMigration } from './migrations/0003-model-allow-lists.js';
import { clientRequestIdMigration } from './migrations/0004-client-request-id.js';
import { adminSignInMigration } from './migrations/0005-admin-sign-in.js';
import { httpServicesMigration } from './migrations/0006-http-services.js';
import { restCallColumnsMigration } from './migrations/0007-rest-call-columns.js';
import { requestQuotasMigration } from './migrations/0008-request-quotas.js';
import type { StoreDialect } from './store-dialect.js';

/**
 * Every migration, in order. Names sort; never rename or edit a shipped one, add the next.
 * They are code (not files read at run time) so the built package carries them.
 */
function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001-governance': governanceMigration(dialect),
    '0002-call-log': callLogMigration(dialect),
    '0003-model-allow-lists': modelAllowListsMigration(),
    '0004-client-request-id': clientRequestIdMigration(),
    '0005-admin-sign-in': adminSignInMigration(),
    '0006-http-services': httpServicesMigration(),
    '0007-rest-call-columns': restCallColumnsMigration(),
    '0008-request-quotas': requestQuotasMigration(),
  };
}

/** Brings the schema up to date; `portico start` and `portico migrate` both run it. */
export async function migrateStore(db: Kysely<unknown>, dialect: StoreDialect): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations(dialect)) },
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((entry) => entry.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `store migration ${failed} failed: ${result.error instanceof Error ? result.error.message : JSON.stringify(result.error)}`,
      { cause: result.error },
    );
  }
  return (result.results ?? []).map((entry) => entry.migrationName);
}
