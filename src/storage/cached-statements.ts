import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * A SQLite connection that reuses prepared statements by their SQL text. Kysely prepares every
 * query anew; the call log's 200-row insert alone spent 9% of its thread preparing (profile in
 * docs/benchmarks.md). Reuse is safe: the connection runs one query at a time (kysely's mutex),
 * and SQLite re-prepares a cached statement by itself after a schema change. The oldest statement
 * is dropped past `capacity`, so SQL that varies (IN lists of any length) cannot grow it unbounded.
 */
export class CachedStatements implements SqliteDatabase {
  readonly #statements = new Map<string, SqliteStatement>();

  constructor(
    private readonly inner: SqliteDatabase,
    private readonly capacity = 200,
  ) {}

  prepare(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (statement !== undefined) return statement;
    statement = this.inner.prepare(sql);
    if (this.#statements.size >= this.capacity) {
      const oldest = this.#statements.keys().next();
      if (oldest.done !== true) this.#statements.delete(oldest.value);
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  close(): void {
    this.#statements.clear();
    this.inner.close();
  }
}
