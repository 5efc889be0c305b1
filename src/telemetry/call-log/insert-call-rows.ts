import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../../storage/store-dialect.js';
import type { CallLogTables, CallsPartitionTable } from './call-log-tables.js';

export type NewCallRow = Omit<CallsPartitionTable, 'id'>;

/** Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
export const maxParameters = 30_000;

/** Each column of a partition row and its PostgreSQL type (for the array form). */
const columns: ReadonlyArray<readonly [keyof NewCallRow, string]> = [
  ['at', 'bigint'],
  ['request_id', 'text'],
  ['client_request_id', 'text'],
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
  ['method', 'text'],
  ['upstream_node', 'text'],
  ['upstream_ms', 'integer'],
  ['bytes_in', 'bigint'],
  ['bytes_out', 'bigint'],
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
    for (let start = 0; start < rows.length;) {
      const count = sqliteChunkSize(rows.length - start);
      const chunk = rows.slice(start, start + count);
      await tx.executeQuery(CompiledQuery.raw(sqliteInsert(table, count), rowValues(chunk)));
      start += count;
    }
    return;
  }
  const arrays = columns.map(([column, type]) => sql`${rows.map((row) => row[column])}::${sql.raw(type)}[]`);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map(([column]) => sql.ref(column)))})
    select * from unnest(${sql.join(arrays)})`.execute(tx);
}

/**
 * Rows per SQLite insert: the largest power of two up to 1,024 (22,528 parameters) that fits
 * what is left. Batches come in every size, and each distinct statement is prepared and cached
 * by the connection (about 2 KB per row slot): 200 sizes held 40 MB, powers of two at most 11
 * statements (a 200-call batch is three inserts: 128 + 64 + 8).
 */
export function sqliteChunkSize(left: number): number {
  let size = 1;
  while (size * 2 <= left && size < 1024) size *= 2;
  return size;
}

/** SQLite insert statements by table and row count (see `sqliteInsert`). */
const insertTexts = new Map<string, string>();

/**
 * The SQLite insert of `count` rows, built once per table and row count: going through kysely's
 * builder made and compiled a tree of 22 value nodes per row on every batch, about a tenth of the
 * call-log thread's samples (docs/benchmarks.md, "Optimisations (2026-12-04, afternoon)"). The
 * table name is `calls_YYYYMMDD`, never client input; the values are bound parameters.
 */
function sqliteInsert(table: string, count: number): string {
  const key = `${table}:${count}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    // A new day brings a new table: the previous days' texts are not needed again.
    if (insertTexts.size >= 24) insertTexts.clear();
    const row = `(${columns.map(() => '?').join(', ')})`;
    text = `insert into "${table}" (${columns.map(([column]) => `"${column}"`).join(', ')}) values ${Array.from({ length: count }, () => row).join(', ')}`;
    insertTexts.set(key, text);
  }
  return text;
}

/** The rows' values in column order, one after another, as the insert's parameters. */
function rowValues(rows: readonly NewCallRow[]): unknown[] {
  const values: unknown[] = [];
  for (const row of rows) for (const [column] of columns) values.push(row[column]);
  return values;
}
