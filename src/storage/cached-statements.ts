import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * A SQLite connection that reuses prepared statements by their SQL text. Kysely prepares every
 * query anew; the call log's 200-row insert alone spent 9% of its thread preparing (profile in
 * docs/benchmarks.md). Reuse is safe: the connection runs one query at a time (kysely's mutex),
 * and SQLite re-prepares a cached statement by itself after a schema change. A prepared
 * statement's memory grows with its text (a 200-row insert holds about 0.4 MB), so the cache is
 * bounded by the total length of the texts it holds and by their count, dropping the oldest first:
 * SQL that varies (IN lists and multi-row inserts of any length) cannot grow it unbounded.
 */
export class CachedStatements implements SqliteDatabase {
  readonly #statements = new Map<string, SqliteStatement>();
  #textLength = 0;

  constructor(
    private readonly inner: SqliteDatabase,
    private readonly capacity = 100,
    private readonly maxTextLength = 256 * 1024,
  ) {}

  prepare(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (statement !== undefined) return statement;
    statement = this.inner.prepare(sql);
    if (sql.length > this.maxTextLength) return statement;
    this.#textLength += sql.length;
    this.#statements.set(sql, statement);
    for (const oldest of this.#statements.keys()) {
      if (this.#statements.size <= this.capacity && this.#textLength <= this.maxTextLength) break;
      this.#statements.delete(oldest);
      this.#textLength -= oldest.length;
    }
    return statement;
  }

  close(): void {
    this.#statements.clear();
    this.#textLength = 0;
    this.inner.close();
  }
}
