import type { Kysely } from 'kysely';
import type { Store } from '../../storage/open-store.js';
import type { CallLogTables } from './call-log-tables.js';

/** The store's query builder seen with only the call-log tables (declared here, not in database-schema.ts). */
export function callLogDatabase(store: Pick<Store, 'db'>): Kysely<CallLogTables> {
  return (store.db as Kysely<unknown>).withTables<CallLogTables>();
}
