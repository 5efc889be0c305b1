import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../../storage/store-dialect.js';
import {
  granularityMs,
  rollupTable,
  type CallLogTables,
  type Granularity,
  type RollupTable,
} from './call-log-tables.js';
import {
  addLatency,
  mergeHistogram,
  parseHistogram,
  serializeHistogram,
  type LatencyHistogram,
} from './latency-histogram.js';

/** What one call adds to its rollup group; dims are call_dims ids, 0 for none. */
export interface RollupInput {
  at: number;
  tenantDim: number;
  appDim: number;
  routeDim: number;
  providerDim: number;
  modelDim: number;
  error: boolean;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  costUsd: number;
  latencyMs: number;
}

interface RollupGroup {
  row: Omit<RollupTable, 'latency_histogram'>;
  histogram: LatencyHistogram;
}

const keyColumns = [
  'bucket_start',
  'tenant_dim',
  'app_dim',
  'route_dim',
  'provider_dim',
  'model_dim',
] as const;

// Serialises rollup read-merge-write across gateway processes sharing one PostgreSQL; SQLite
// already holds the write lock here (the batch's rows were inserted first).
const rollupLockKey = 7_301_552_214;

/**
 * Adds a batch to the minute, hour and day rollups inside the batch's transaction: the batch is
 * aggregated in memory, existing rows of the touched buckets are read, merged (histograms too)
 * and written back with one multi-row upsert per granularity.
 */
export async function updateRollups(
  tx: Kysely<CallLogTables>,
  dialect: StoreDialect,
  inputs: readonly RollupInput[],
  maxParameters: number,
): Promise<void> {
  if (inputs.length === 0) return;
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${rollupLockKey})`.execute(tx);
  for (const granularity of ['minute', 'hour', 'day'] as const) {
    const groups = aggregate(inputs, granularity);
    await mergeExisting(tx, granularity, groups);
    await upsertGroups(tx, granularity, [...groups.values()], maxParameters);
  }
}

function groupKey(row: Pick<RollupTable, (typeof keyColumns)[number]>): string {
  return `${row.bucket_start}:${row.tenant_dim}:${row.app_dim}:${row.route_dim}:${row.provider_dim}:${row.model_dim}`;
}

function aggregate(inputs: readonly RollupInput[], granularity: Granularity): Map<string, RollupGroup> {
  const size = granularityMs[granularity];
  const groups = new Map<string, RollupGroup>();
  for (const input of inputs) {
    const keyRow = {
      bucket_start: Math.floor(input.at / size) * size,
      tenant_dim: input.tenantDim,
      app_dim: input.appDim,
      route_dim: input.routeDim,
      provider_dim: input.providerDim,
      model_dim: input.modelDim,
    };
    const key = groupKey(keyRow);
    let group = groups.get(key);
    if (group === undefined) {
      group = { row: { ...keyRow, ...zeroCounters() }, histogram: new Map() };
      groups.set(key, group);
    }
    const row = group.row;
    row.requests += 1;
    row.errors += input.error ? 1 : 0;
    row.input_tokens += input.inputTokens;
    row.output_tokens += input.outputTokens;
    row.cached_tokens += input.cachedTokens;
    row.reasoning_tokens += input.reasoningTokens;
    row.cost_usd += input.costUsd;
    row.latency_sum += input.latencyMs;
    addLatency(group.histogram, input.latencyMs);
  }
  return groups;
}

/** The additive counters of a rollup row, all zero: the start of every sum over calls or rows. */
export function zeroCounters() {
  return {
    requests: 0,
    errors: 0,
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    reasoning_tokens: 0,
    cost_usd: 0,
    latency_sum: 0,
  };
}

async function mergeExisting(
  tx: Kysely<CallLogTables>,
  granularity: Granularity,
  groups: Map<string, RollupGroup>,
): Promise<void> {
  const buckets = [...new Set([...groups.values()].map((group) => group.row.bucket_start))];
  const existing = await tx
    .selectFrom(rollupTable(granularity))
    .selectAll()
    .where('bucket_start', 'in', buckets)
    .execute();
  for (const stored of existing) {
    const group = groups.get(groupKey(stored));
    if (group === undefined) continue;
    const row = group.row;
    row.requests += stored.requests;
    row.errors += stored.errors;
    row.input_tokens += stored.input_tokens;
    row.output_tokens += stored.output_tokens;
    row.cached_tokens += stored.cached_tokens;
    row.reasoning_tokens += stored.reasoning_tokens;
    row.cost_usd += stored.cost_usd;
    row.latency_sum += stored.latency_sum;
    mergeHistogram(group.histogram, parseHistogram(stored.latency_histogram));
  }
}

async function upsertGroups(
  tx: Kysely<CallLogTables>,
  granularity: Granularity,
  groups: RollupGroup[],
  maxParameters: number,
): Promise<void> {
  const rows: RollupTable[] = groups.map((group) => ({
    ...group.row,
    latency_histogram: serializeHistogram(group.histogram),
  }));
  const chunkSize = Math.max(1, Math.floor(maxParameters / 15));
  for (let start = 0; start < rows.length; start += chunkSize) {
    await tx
      .insertInto(rollupTable(granularity))
      .values(rows.slice(start, start + chunkSize))
      .onConflict((oc) =>
        oc.columns([...keyColumns]).doUpdateSet((eb) => ({
          requests: eb.ref('excluded.requests'),
          errors: eb.ref('excluded.errors'),
          input_tokens: eb.ref('excluded.input_tokens'),
          output_tokens: eb.ref('excluded.output_tokens'),
          cached_tokens: eb.ref('excluded.cached_tokens'),
          reasoning_tokens: eb.ref('excluded.reasoning_tokens'),
          cost_usd: eb.ref('excluded.cost_usd'),
          latency_sum: eb.ref('excluded.latency_sum'),
          latency_histogram: eb.ref('excluded.latency_histogram'),
        })),
      )
      .execute();
  }
}
