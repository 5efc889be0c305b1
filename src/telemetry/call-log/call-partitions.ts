import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../../storage/store-dialect.js';
import type { CallLogTables, CallPartitionsTable } from './call-log-tables.js';

/** UTC day of an epoch-ms instant, `YYYYMMDD`: the partition a call started in. */
export function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Epoch ms of the start (UTC midnight) of a `YYYYMMDD` day. */
export function dayStartMs(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)));
}

export function partitionTable(day: string): `calls_${string}` {
  return `calls_${day}`;
}

export function bodiesTable(day: string): `call_bodies_${string}` {
  return `call_bodies_${day}`;
}

/**
 * Creates a day's partition and its bodies table (idempotent) and registers it. Every partition
 * has the same DDL; indexes serve newest-first lists, tenant-scoped lists and request-id lookups.
 */
export async function createPartition(
  db: Kysely<CallLogTables>,
  dialect: StoreDialect,
  day: string,
  nowMs: number,
): Promise<void> {
  if (!/^\d{8}$/.test(day)) throw new Error(`call log: invalid partition day "${day}"`);
  const table = partitionTable(day);
  await db.schema
    .createTable(table)
    .ifNotExists()
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('client_request_id', 'text')
    .addColumn('tenant_dim', 'integer')
    .addColumn('app_dim', 'integer')
    .addColumn('key_dim', 'integer')
    .addColumn('key_prefix_dim', 'integer')
    .addColumn('route_dim', 'integer')
    .addColumn('provider_dim', 'integer')
    .addColumn('model_dim', 'integer')
    .addColumn('endpoint_dim', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('error_dim', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('ttft_ms', 'integer')
    .addColumn('input_tokens', 'integer', (c) => c.notNull())
    .addColumn('output_tokens', 'integer', (c) => c.notNull())
    .addColumn('cached_tokens', 'integer', (c) => c.notNull())
    .addColumn('reasoning_tokens', 'integer', (c) => c.notNull())
    .addColumn('cost_usd', 'double precision', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('stream', 'integer', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('upstream_node', 'text')
    .addColumn('upstream_ms', 'integer')
    .addColumn('bytes_in', 'bigint')
    .addColumn('bytes_out', 'bigint')
    .addColumn('has_bodies', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex(`${table}_at`).ifNotExists().on(table).columns(['at', 'id']).execute();
  await db.schema
    .createIndex(`${table}_tenant_at`)
    .ifNotExists()
    .on(table)
    .columns(['tenant_dim', 'at', 'id'])
    .execute();
  await db.schema.createIndex(`${table}_request`).ifNotExists().on(table).column('request_id').execute();
  const bodies = bodiesTable(day);
  await db.schema
    .createTable(bodies)
    .ifNotExists()
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex(`${bodies}_request`).ifNotExists().on(bodies).column('request_id').execute();
  await db
    .insertInto('call_partitions')
    .values({ day, table_name: table, rows: 0, bytes_estimate: 0, created_at: nowMs })
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
}

/** Drops a day's partition and its bodies table and unregisters it: whole tables, never row deletes. */
export async function dropPartition(db: Kysely<CallLogTables>, day: string): Promise<void> {
  if (!/^\d{8}$/.test(day)) throw new Error(`call log: invalid partition day "${day}"`);
  await db.transaction().execute(async (tx) => {
    await tx.schema.dropTable(partitionTable(day)).ifExists().execute();
    await tx.schema.dropTable(bodiesTable(day)).ifExists().execute();
    await tx.deleteFrom('call_partitions').where('day', '=', day).execute();
  });
}

/** Registered partitions, oldest first. */
export function listPartitions(db: Kysely<CallLogTables>): Promise<CallPartitionsTable[]> {
  return db.selectFrom('call_partitions').selectAll().orderBy('day', 'asc').execute();
}

/** Names of the call-log tables that exist (partitions and bodies), for checks and tooling. */
export async function listCallLogTables(db: Kysely<CallLogTables>, dialect: StoreDialect): Promise<string[]> {
  const result =
    dialect === 'postgres'
      ? await sql<{ name: string }>`select tablename as name from pg_tables
          where schemaname = current_schema() and (tablename like 'calls\\_%' or tablename like 'call\\_bodies\\_%')`.execute(
          db,
        )
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table'
          and (name like 'calls\\_%' escape '\\' or name like 'call\\_bodies\\_%' escape '\\')`.execute(db);
  return result.rows.map((row) => row.name).sort();
}
