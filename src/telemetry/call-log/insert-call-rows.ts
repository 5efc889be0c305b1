import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../../storage/store-dialect.js';
import type { CallLogTables, CallsPartitionTable } from './call-log-tables.js';

export type NewCallRow = Omit<CallsPartitionTable, 'id'>;

/** Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
export const maxParameters = 30_000;

/** Each column of a partition row and its PostgreSQL type (for the array form). */
const columns: ReadonlyArray<readonly [keyof NewCallRow, string]> = [
  ['at', 'bigint'],
  ['request_id', 'text'],
  ['tenant_dim', 'integer'],
  ['app_dim', 'integer'],
  ['key_dim', 'integer'],
  ['key_prefix_dim', 'integer'],
  ['route_dim', 'integer'],
  ['provider_dim', 'integer'],
  ['model_dim', 'integer'],
  ['endpoint_dim', 'integer'],
  ['status', 'integer'],
  ['error_dim', 'integer'],
  ['latency_ms', 'integer'],
  ['ttft_ms', 'integer'],
  ['input_tokens', 'integer'],
  ['output_tokens', 'integer'],
  ['cached_tokens', 'integer'],
  ['reasoning_tokens', 'integer'],
  ['cost_usd', 'double precision'],
  ['attempts', 'integer'],
  ['stream', 'integer'],
  ['has_bodies', 'integer'],
];

/** Slices rows so each multi-row insert stays under the bound-parameter limit. */
export function chunksOf<Row>(rows: readonly Row[], columnCount: number): Row[][] {
  const size = Math.floor(maxParameters / columnCount);
  const chunks: Row[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

/**
 * Inserts rows into a day partition. SQLite: multi-row VALUES, chunked under its parameter
 * limit. PostgreSQL: one array parameter per column, unnested server-side; measured 1.5–3x
 * faster than VALUES for 1,000-row batches (docs/call-log.md).
 */
export async function insertCallRows(
  tx: Kysely<CallLogTables>,
  dialect: StoreDialect,
  table: `calls_${string}`,
  rows: readonly NewCallRow[],
): Promise<void> {
  if (rows.length === 0) return;
  if (dialect === 'sqlite') {
    for (const chunk of chunksOf(rows, columns.length)) await tx.insertInto(table).values(chunk).execute();
    return;
  }
  const arrays = columns.map(([column, type]) => sql`${rows.map((row) => row[column])}::${sql.raw(type)}[]`);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map(([column]) => sql.ref(column)))})
    select * from unnest(${sql.join(arrays)})`.execute(tx);
}
