import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './database-schema.js';
import { CachedStatements } from './cached-statements.js';
import { createPrivateDirectory } from './create-private-directory.js';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.js';
import { migrateStore } from './migrate-store.js';
import type { StoreDialect } from './store-dialect.js';

/** An open store: the query builder, which database it is, and how to close it. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** Where it is, without credentials (for logs). */
  readonly location: string;
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the store named by a URL: `postgres://…` / `postgresql://…` for
 * PostgreSQL, `sqlite:PATH` or a plain path for SQLite (`:memory:` for a throwaway store).
 * Only the driver in use is loaded: the other one would cost idle memory for nothing.
 */
export async function openStore(url: string, options: { migrate?: boolean } = {}): Promise<Store> {
  const store = /^postgres(ql)?:\/\//.test(url) ? await openPostgres(url) : await openSqlite(url);
  if (options.migrate !== false) await migrateStore(store.db as Kysely<unknown>, store.dialect);
  return store;
}

async function openSqlite(url: string): Promise<Store> {
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (file !== ':memory:') prepareDatabaseFile(file);
  const database = new BetterSqlite3(file);
  // WAL lets readers (the admin API) run while the call-log writer commits; NORMAL sync is
  // durable across process crashes (only an OS crash can lose the last commits).
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  if (file !== ':memory:') restrictFiles([`${file}-wal`, `${file}-shm`]);
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: new CachedStatements(database) }),
  });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

/**
 * The database holds key hashes, sealed secrets and call bodies: its folder is created 0700 and
 * the file 0600 before SQLite opens it (SQLite gives its -wal and -shm files the file's mode).
 */
function prepareDatabaseFile(file: string): void {
  createPrivateDirectory(dirname(file));
  closeSync(openSync(file, 'a', 0o600));
  restrictFiles([file]);
}

/**
 * Makes the files that exist readable by this user only (0600), whatever the umask or an older
 * start made; a file another user owns (EPERM) is left as its owner set it.
 */
function restrictFiles(files: string[]): void {
  for (const file of files) {
    try {
      if (existsSync(file)) chmodSync(file, 0o600);
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EPERM')) throw error;
    }
  }
}

async function openPostgres(url: string): Promise<Store> {
  const { default: pg } = await import('pg');
  // PostgreSQL returns bigint (int8) and numeric as strings; every bigint here is an epoch-ms
  // timestamp or a count well inside 2^53, so numbers are safe and keep one row type for both stores.
  pg.types.setTypeParser(20, (value) => Number(value));
  pg.types.setTypeParser(1700, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    location: url.replace(/\/\/[^@/]*@/, '//***@'),
    close: () => db.destroy(),
  };
}
