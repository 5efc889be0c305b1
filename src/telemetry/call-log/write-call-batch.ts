import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../../storage/store-dialect.js';
import type { CallBodiesTable, CallLogTables, DimensionKind } from './call-log-tables.js';
import { isErrorCall, type CallRecord } from './call-record.js';
import { bodiesTable, createPartition, dayOf, partitionTable } from './call-partitions.js';
import type { DimensionCache } from './dimension-cache.js';
import { chunksOf, insertCallRows, maxParameters, type NewCallRow } from './insert-call-rows.js';
import { redactBody } from './redact-body.js';
import { updateRollups, type RollupInput } from './update-rollups.js';

type CallFields = Omit<CallRecord, 'bodies'>;

/** A record made ready for the store (bodies redacted and capped), off the request path. */
export interface PreparedCall {
  /** The record without its raw bodies (only the redacted ones are kept while waiting). */
  record: CallFields;
  day: string;
  bodies: { request: string; response: string } | undefined;
  /** Rough bytes the row and its bodies take, for the partition registry. */
  bytes: number;
}

/** Fixed per-row estimate: ~22 numeric columns plus index entries. */
const rowBytesEstimate = 160;

export function prepareCall(call: CallRecord, bodyCapBytes: number): PreparedCall {
  const { bodies: raw, ...record } = call;
  const bodies =
    raw === undefined
      ? undefined
      : {
          request: redactBody(raw.request, bodyCapBytes),
          response: redactBody(raw.response, bodyCapBytes),
        };
  const bytes =
    rowBytesEstimate +
    record.requestId.length +
    (record.clientRequestId?.length ?? 0) +
    (bodies === undefined ? 0 : bodies.request.length + bodies.response.length + record.requestId.length);
  return { record, day: dayOf(record.at), bodies, bytes };
}

/** What the writer keeps between batches. */
export interface BatchCaches {
  dimensions: DimensionCache;
  /** Days whose partition is known to exist. */
  partitions: Set<string>;
}

const dimensionFields: ReadonlyArray<readonly [DimensionKind, (record: CallFields) => string | null]> = [
  ['tenant', (record) => record.tenantId],
  ['app', (record) => record.appId],
  ['key', (record) => record.keyId],
  ['key_prefix', (record) => record.keyPrefix],
  ['route', (record) => record.route],
  ['provider', (record) => record.provider],
  ['model', (record) => record.model],
  ['endpoint', (record) => record.endpoint],
  ['error_code', (record) => record.errorCode],
];

/**
 * Writes one batch in one transaction: new dimensions, the rows into their day partitions
 * (multi-row inserts), bodies, the partition registry counts and the rollups. All or nothing.
 */
export async function writeCallBatch(
  db: Kysely<CallLogTables>,
  dialect: StoreDialect,
  calls: readonly PreparedCall[],
  caches: BatchCaches,
  nowMs: number,
): Promise<void> {
  const wanted = new Map<DimensionKind, Set<string>>();
  for (const [kind, read] of dimensionFields) {
    const values = new Set<string>();
    for (const call of calls) {
      const value = read(call.record);
      if (value !== null) values.add(value);
    }
    if (values.size > 0) wanted.set(kind, values);
  }
  const byDay = new Map<string, PreparedCall[]>();
  for (const call of calls) {
    const list = byDay.get(call.day);
    if (list === undefined) byDay.set(call.day, [call]);
    else list.push(call);
  }
  const created: string[] = [];
  const pending = await db.transaction().execute(async (tx) => {
    const newDimensions = await caches.dimensions.intern(tx, wanted, 5_000);
    const dim = (kind: DimensionKind, value: string | null): number | null =>
      value === null ? null : caches.dimensions.lookup(newDimensions, kind, value);
    const rollupInputs: RollupInput[] = [];
    for (const [day, dayCalls] of byDay) {
      if (!caches.partitions.has(day)) {
        await createPartition(tx, dialect, day, nowMs);
        created.push(day);
      }
      const rows = dayCalls.map((call) => toRow(call, dim));
      await insertCallRows(tx, dialect, partitionTable(day), rows);
      const bodies: CallBodiesTable[] = [];
      for (const call of dayCalls) {
        if (call.bodies !== undefined) bodies.push({ request_id: call.record.requestId, ...call.bodies });
      }
      for (const chunk of chunksOf(bodies, 3)) await tx.insertInto(bodiesTable(day)).values(chunk).execute();
      const bytes = dayCalls.reduce((sum, call) => sum + call.bytes, 0);
      await tx
        .updateTable('call_partitions')
        .set({
          rows: sql`rows + ${dayCalls.length}`,
          bytes_estimate: sql`bytes_estimate + ${bytes}`,
        })
        .where('day', '=', day)
        .execute();
      for (const [index, call] of dayCalls.entries()) {
        const row = rows[index];
        if (row !== undefined) rollupInputs.push(toRollupInput(call.record, row));
      }
    }
    await updateRollups(tx, dialect, rollupInputs, maxParameters);
    return newDimensions;
  });
  caches.dimensions.commit(pending);
  for (const day of created) caches.partitions.add(day);
}

function toRow(
  call: PreparedCall,
  dim: (kind: DimensionKind, value: string | null) => number | null,
): NewCallRow {
  const record = call.record;
  return {
    at: Math.round(record.at),
    request_id: record.requestId,
    client_request_id: record.clientRequestId,
    tenant_dim: dim('tenant', record.tenantId),
    app_dim: dim('app', record.appId),
    key_dim: dim('key', record.keyId),
    key_prefix_dim: dim('key_prefix', record.keyPrefix),
    route_dim: dim('route', record.route),
    provider_dim: dim('provider', record.provider),
    model_dim: dim('model', record.model),
    endpoint_dim: dim('endpoint', record.endpoint) ?? 0,
    status: wholeNonNegative(record.status),
    error_dim: dim('error_code', record.errorCode),
    latency_ms: wholeNonNegative(record.latencyMs),
    ttft_ms: record.ttftMs === null ? null : wholeNonNegative(record.ttftMs),
    input_tokens: wholeNonNegative(record.inputTokens),
    output_tokens: wholeNonNegative(record.outputTokens),
    cached_tokens: wholeNonNegative(record.cachedTokens),
    reasoning_tokens: wholeNonNegative(record.reasoningTokens),
    cost_usd: Number.isFinite(record.costUsd) ? record.costUsd : 0,
    attempts: wholeNonNegative(record.attempts),
    stream: record.stream ? 1 : 0,
    method: record.rest?.method ?? null,
    upstream_node: record.rest?.upstreamNode ?? null,
    upstream_ms: record.rest === undefined ? null : wholeNonNegative(record.rest.upstreamMs),
    bytes_in: record.rest === undefined ? null : wholeNonNegative(record.rest.bytesIn),
    bytes_out: record.rest === undefined ? null : wholeNonNegative(record.rest.bytesOut),
    has_bodies: call.bodies === undefined ? 0 : 1,
  };
}

function toRollupInput(record: CallFields, row: NewCallRow): RollupInput {
  return {
    at: row.at,
    tenantDim: row.tenant_dim ?? 0,
    appDim: row.app_dim ?? 0,
    routeDim: row.route_dim ?? 0,
    providerDim: row.provider_dim ?? 0,
    modelDim: row.model_dim ?? 0,
    error: isErrorCall(record),
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedTokens: row.cached_tokens,
    reasoningTokens: row.reasoning_tokens,
    costUsd: row.cost_usd,
    latencyMs: row.latency_ms,
  };
}

function wholeNonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}
