import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * What every repository function takes: the store's query builder (`Store['db']`) or one of its
 * transactions, so a caller can put several repository writes and the audit row in one commit.
 */
export type Db = Kysely<Database> | Transaction<Database>;

/** One keyset page of a list ordered by id: rows whose id follows `after`, at most `limit` of them. */
export interface PageWindow {
  after: string | undefined;
  limit: number;
}
