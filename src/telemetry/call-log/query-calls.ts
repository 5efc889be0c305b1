import type { Kysely, Selectable } from 'kysely';
import type { Store } from '../../storage/open-store.js';
import { callLogDatabase } from './call-log-database.js';
import type { CallLogTables, CallsPartitionTable, DimensionKind } from './call-log-tables.js';
import type { CallView } from './call-record.js';
import { bodiesTable, dayOf, listPartitions, partitionTable } from './call-partitions.js';
import { findDimensionId, resolveDimensions } from './dimension-cache.js';

/** A call-log search; every filter is optional except `limit`. */
export interface CallQuery {
  /** Only this tenant's calls (tenant admins always set it). */
  tenantId?: string;
  appId?: string;
  keyId?: string;
  route?: string;
  provider?: string;
  model?: string;
  /** Calls whose client sent this id (`x-client-request-id`); combine with `tenantId` for one tenant's. */
  clientRequestId?: string;
  /** Portico's own request id (`x-request-id`). */
  requestId?: string;
  /** Portico's error code (`rate_limited`, `upstream_timeout`, ...). */
  errorCode?: string;
  /** The exact HTTP status answered (429, 502, ...). */
  statusCode?: number;
  /** `error`: status ≥ 400 or an error code; `ok`: the rest. Absent: both. */
  status?: 'ok' | 'error';
  /** Calls that started at or after this epoch ms. */
  from?: number;
  /** Calls that started before this epoch ms. */
  to?: number;
  /** Page size, 1..1000. */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface CallPage {
  /** Newest first; without bodies (see `hasBodies` and `findCall`). */
  items: CallView[];
  /** Present when more calls match: pass it back as `cursor`. */
  nextCursor?: string;
}

type CallRow = Selectable<CallsPartitionTable>;

const filterColumns = [
  ['tenantId', 'tenant', 'tenant_dim'],
  ['appId', 'app', 'app_dim'],
  ['keyId', 'key', 'key_dim'],
  ['route', 'route', 'route_dim'],
  ['provider', 'provider', 'provider_dim'],
  ['model', 'model', 'model_dim'],
  ['errorCode', 'error_code', 'error_dim'],
] as const satisfies ReadonlyArray<readonly [keyof CallQuery, DimensionKind, keyof CallRow]>;

/**
 * Calls matching the query, newest first, across the day partitions of the range. The cursor is
 * the last row's (start time, row id), so pages stay stable while new calls are written.
 */
export async function queryCalls(store: Pick<Store, 'db'>, query: CallQuery): Promise<CallPage> {
  const db = callLogDatabase(store);
  const limit = Math.min(1_000, Math.max(1, Math.floor(query.limit)));
  const cursor = query.cursor === undefined ? undefined : parseCursor(query.cursor);
  const filters: Array<readonly [(typeof filterColumns)[number][2], number]> = [];
  for (const [field, kind, column] of filterColumns) {
    const value = query[field];
    if (value === undefined) continue;
    const id = await findDimensionId(db, kind, value);
    if (id === undefined) return { items: [] };
    filters.push([column, id]);
  }
  const lastDay = [query.to === undefined ? undefined : dayOf(query.to - 1), cursor && dayOf(cursor.at)]
    .filter((day) => day !== undefined)
    .sort()[0];
  const firstDay = query.from === undefined ? undefined : dayOf(query.from);
  const days = (await listPartitions(db))
    .map((partition) => partition.day)
    .filter((day) => (firstDay === undefined || day >= firstDay) && (lastDay === undefined || day <= lastDay))
    .reverse();
  const rows: CallRow[] = [];
  for (const day of days) {
    let select = db.selectFrom(partitionTable(day)).selectAll();
    if (query.from !== undefined) select = select.where('at', '>=', query.from);
    if (query.to !== undefined) select = select.where('at', '<', query.to);
    if (cursor !== undefined) {
      select = select.where((eb) =>
        eb.or([eb('at', '<', cursor.at), eb.and([eb('at', '=', cursor.at), eb('id', '<', cursor.id)])]),
      );
    }
    for (const [column, id] of filters) select = select.where(column, '=', id);
    if (query.clientRequestId !== undefined)
      select = select.where('client_request_id', '=', query.clientRequestId);
    if (query.requestId !== undefined) select = select.where('request_id', '=', query.requestId);
    if (query.statusCode !== undefined) select = select.where('status', '=', query.statusCode);
    if (query.status === 'ok') select = select.where('status', '<', 400).where('error_dim', 'is', null);
    if (query.status === 'error') {
      select = select.where((eb) => eb.or([eb('status', '>=', 400), eb('error_dim', 'is not', null)]));
    }
    rows.push(
      ...(await select
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1 - rows.length)
        .execute()),
    );
    if (rows.length > limit) break;
  }
  const page = rows.slice(0, limit);
  const items = await toViews(db, page);
  const last = page.at(-1);
  return rows.length > limit && last !== undefined ? { items, nextCursor: encodeCursor(last) } : { items };
}

/**
 * One call by request id, with its bodies when stored; newest partition first. `tenantId`
 * restricts the lookup to that tenant's calls (tenant admins), so another tenant's id finds nothing.
 */
export async function findCall(
  store: Pick<Store, 'db'>,
  requestId: string,
  tenantId?: string,
): Promise<CallView | undefined> {
  const db = callLogDatabase(store);
  const tenantDim = tenantId === undefined ? undefined : await findDimensionId(db, 'tenant', tenantId);
  if (tenantId !== undefined && tenantDim === undefined) return undefined;
  const partitions = await listPartitions(db);
  for (const { day } of partitions.reverse()) {
    let select = db.selectFrom(partitionTable(day)).selectAll().where('request_id', '=', requestId);
    if (tenantDim !== undefined) select = select.where('tenant_dim', '=', tenantDim);
    const row = await select.orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (row === undefined) continue;
    const [view] = await toViews(db, [row]);
    if (view === undefined || row.has_bodies === 0) return view;
    const bodies = await db
      .selectFrom(bodiesTable(day))
      .select(['request', 'response'])
      .where('request_id', '=', requestId)
      .limit(1)
      .executeTakeFirst();
    return bodies === undefined ? view : { ...view, bodies };
  }
  return undefined;
}

async function toViews(db: Kysely<CallLogTables>, rows: readonly CallRow[]): Promise<CallView[]> {
  const ids: number[] = [];
  for (const row of rows) {
    for (const id of [
      row.tenant_dim,
      row.app_dim,
      row.key_dim,
      row.key_prefix_dim,
      row.route_dim,
      row.provider_dim,
      row.model_dim,
      row.endpoint_dim,
      row.error_dim,
    ]) {
      if (id !== null) ids.push(id);
    }
  }
  const values = await resolveDimensions(db, ids);
  const value = (id: number | null): string | null => (id === null ? null : (values.get(id) ?? null));
  return rows.map((row) => ({
    at: row.at,
    requestId: row.request_id,
    clientRequestId: row.client_request_id ?? null,
    tenantId: value(row.tenant_dim),
    appId: value(row.app_dim),
    keyId: value(row.key_dim),
    keyPrefix: value(row.key_prefix_dim),
    route: value(row.route_dim),
    provider: value(row.provider_dim),
    model: value(row.model_dim),
    endpoint: value(row.endpoint_dim) ?? '',
    status: row.status,
    errorCode: value(row.error_dim),
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedTokens: row.cached_tokens,
    reasoningTokens: row.reasoning_tokens,
    costUsd: row.cost_usd,
    attempts: row.attempts,
    stream: row.stream === 1,
    hasBodies: row.has_bodies === 1,
    ...(row.method === null || row.method === undefined
      ? {}
      : {
          rest: {
            method: row.method,
            upstreamNode: row.upstream_node ?? null,
            upstreamMs: Number(row.upstream_ms ?? 0),
            bytesIn: Number(row.bytes_in ?? 0),
            bytesOut: Number(row.bytes_out ?? 0),
          },
        }),
  }));
}

function encodeCursor(row: CallRow): string {
  return Buffer.from(`${row.at}:${row.id}`).toString('base64url');
}

function parseCursor(cursor: string): { at: number; id: number } {
  const match = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (match === null) throw new RangeError(`call log: invalid cursor "${cursor}"`);
  return { at: Number(match[1]), id: Number(match[2]) };
}
