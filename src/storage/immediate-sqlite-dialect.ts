import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

/**
 * SQLite with every transaction begun `IMMEDIATE` (kysely begins them deferred). The call log
 * commits from its own connection in a worker thread; a deferred transaction that read before
 * that commit and writes after it fails at once with SQLITE_BUSY (its WAL snapshot is stale, and
 * the busy timeout does not apply). `BEGIN IMMEDIATE` takes the write lock first, waiting out the
 * other connection's batch within the busy timeout. https://sqlite.org/lang_transaction.html
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
