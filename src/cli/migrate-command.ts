import type { Kysely } from 'kysely';
import { findConfigFile } from '../config/find-config-file.js';
import { loadConfig } from '../config/load-config.js';
import { migrateStore } from '../storage/migrate-store.js';
import { openStore } from '../storage/open-store.js';

/** `portico migrate`: brings the store's schema up to date (start does it too) and says what ran. */
export async function migrateCommand(options: { config?: string }): Promise<void> {
  const file = findConfigFile(options.config);
  const config = loadConfig(file === undefined ? {} : { file });
  const store = await openStore(config.storage.url, { migrate: false });
  try {
    const applied = await migrateStore(store.db as Kysely<unknown>, store.dialect);
    process.stdout.write(
      applied.length === 0
        ? `${store.location}: schema is up to date\n`
        : `${store.location}: applied ${applied.join(', ')}\n`,
    );
  } finally {
    await store.close();
  }
}
