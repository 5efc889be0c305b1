import type { Generated } from 'kysely';

/*
 * Tables of the call log (migration 0002-call-log plus the day partitions created on demand).
 * Declared here rather than in database-schema.ts; use with `store.db.withTables<CallLogTables>()`.
 * Dimension columns (`*_dim`) hold call_dims ids; in rollups 0 stands for "none" so the
 * upsert key never contains NULL (NULLs never conflict in a unique index).
 */

/** Interned strings: route, provider, model, endpoint, error code, key prefix, tenant/app/key id. */
export interface CallDimsTable {
  id: Generated<number>;
  kind: DimensionKind;
  value: string;
}

export type DimensionKind =
  'tenant' | 'app' | 'key' | 'key_prefix' | 'route' | 'provider' | 'model' | 'endpoint' | 'error_code';

/** One row per day partition (`calls_YYYYMMDD` and `call_bodies_YYYYMMDD`). */
export interface CallPartitionsTable {
  /** UTC day, `YYYYMMDD`. */
  day: string;
  table_name: string;
  /** Rows written into the partition (counted by the writer). */
  rows: number;
  /** Rough bytes written (row estimate plus stored bodies). */
  bytes_estimate: number;
  created_at: number;
}

/** A day partition `calls_YYYYMMDD`; every partition has this same DDL. */
export interface CallsPartitionTable {
  id: Generated<number>;
  at: number;
  request_id: string;
  /** The client's own id (migration 0004); null when none was sent. */
  client_request_id: string | null;
  tenant_dim: number | null;
  app_dim: number | null;
  key_dim: number | null;
  key_prefix_dim: number | null;
  route_dim: number | null;
  provider_dim: number | null;
  model_dim: number | null;
  endpoint_dim: number;
  status: number;
  error_dim: number | null;
  latency_ms: number;
  ttft_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  attempts: number;
  /** 0 or 1. */
  stream: number;
  /** REST calls (migration 0007): the HTTP method; null on model calls. */
  method: string | null;
  /** REST calls: the upstream node URL that answered; null when none did. */
  upstream_node: string | null;
  /** REST calls: milliseconds until the upstream's answer head. */
  upstream_ms: number | null;
  /** REST calls: request body bytes streamed to the upstream. */
  bytes_in: number | null;
  /** REST calls: response body bytes relayed to the client. */
  bytes_out: number | null;
  /** 0 or 1: a row exists in the sibling `call_bodies_YYYYMMDD`. */
  has_bodies: number;
}

/** Redacted, capped bodies of one call, in `call_bodies_YYYYMMDD` beside its partition. */
export interface CallBodiesTable {
  request_id: string;
  request: string;
  response: string;
}

/** `rollup_minute`, `rollup_hour`, `rollup_day`: one row per bucket and group. */
export interface RollupTable {
  bucket_start: number;
  tenant_dim: number;
  app_dim: number;
  route_dim: number;
  provider_dim: number;
  model_dim: number;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  latency_sum: number;
  /** Sparse latency histogram as JSON (`{"bucket": count}`); see latency-histogram.ts. */
  latency_histogram: string;
}

export type Granularity = 'minute' | 'hour' | 'day';

export type CallLogTables = {
  call_dims: CallDimsTable;
  call_partitions: CallPartitionsTable;
  rollup_minute: RollupTable;
  rollup_hour: RollupTable;
  rollup_day: RollupTable;
  [partition: `calls_${string}`]: CallsPartitionTable;
  [bodies: `call_bodies_${string}`]: CallBodiesTable;
};

/** Milliseconds per rollup bucket. */
export const granularityMs: Record<Granularity, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

export function rollupTable(granularity: Granularity): `rollup_${Granularity}` {
  return `rollup_${granularity}`;
}
