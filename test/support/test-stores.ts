import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The PostgreSQL server tests use; CI runs one on this machine. */
const adminUrl = process.env['PORTICO_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let reachable: Promise<boolean> | undefined;

/**
 * Whether PostgreSQL can be reached. In CI (`CI` set) an unreachable server is a failure, not a
 * skip; elsewhere the PostgreSQL tests are listed as not run, loudly (see test/setup-report.ts).
 */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (error) {
      if (process.env['CI'] !== undefined) {
        throw new Error(`PostgreSQL at ${adminUrl} is required in CI and is unreachable`, { cause: error });
      }
      process.stderr.write(
        `\n*** PostgreSQL is not reachable at ${adminUrl}: PostgreSQL store tests are NOT RUN ***\n\n`,
      );
      return false;
    }
  })();
  return reachable;
}

/** A fresh, empty PostgreSQL database for one test file; `drop()` removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `portico_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      // pg-pool's end() resolves before its sockets are closed; dropping "with (force)" at once
      // can kill them mid-close and surface an unhandled 57P01. Let them close first.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A store under test: its URL and how to clean up after it. */
export interface TestStoreTarget {
  name: 'sqlite' | 'sqlite file' | 'postgres';
  /** Creates a fresh empty store and returns its URL. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

/** SQLite always; PostgreSQL when reachable (required in CI). Use with `describe.each`. */
export const storeTargets: TestStoreTarget[] = [
  { name: 'sqlite', create: () => Promise.resolve({ url: ':memory:', drop: () => Promise.resolve() }) },
  { name: 'postgres', create: createPostgresDatabase },
];

/** A SQLite file in a fresh temporary folder: what the gateway runs on by default (the call log writes it from a thread). */
export const sqliteFileTarget: TestStoreTarget = {
  name: 'sqlite file',
  create: async () => {
    const folder = await mkdtemp(join(tmpdir(), 'portico-store-'));
    return {
      url: `sqlite:${join(folder, 'portico.db')}`,
      drop: () => rm(folder, { recursive: true, force: true }),
    };
  },
};
