import type { Store } from '../../storage/open-store.js';
import { callLogDatabase } from './call-log-database.js';
import { rollupTable, type Granularity, type RollupTable } from './call-log-tables.js';
import { findDimensionId, resolveDimensions } from './dimension-cache.js';
import {
  histogramPercentile,
  mergeHistogram,
  parseHistogram,
  type LatencyHistogram,
} from './latency-histogram.js';
import { zeroCounters } from './update-rollups.js';

export type AnalyticsDimension = 'tenant' | 'app' | 'route' | 'provider' | 'model';

export interface AnalyticsQuery {
  granularity: Granularity;
  /** First bucket: buckets starting at or after this epoch ms. */
  from: number;
  /** Buckets starting before this epoch ms. */
  to: number;
  /** Dimensions to split by; the others are summed over. Empty: one row per bucket. */
  groupBy: AnalyticsDimension[];
  /** Only this tenant's calls (tenant admins always set it). */
  tenantId?: string;
}

/** One bucket of one group. Latency percentiles are within about ±9% (see latency-histogram.ts). */
export interface AnalyticsRow {
  bucketStart: number;
  /** The grouped dimensions' values (null: calls without one, e.g. unauthenticated). */
  group: Partial<Record<AnalyticsDimension, string | null>>;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** Mean latency, ms. */
  latencyMean: number;
  latencyP50: number | null;
  latencyP95: number | null;
  latencyP99: number | null;
}

const dimensionColumn = {
  tenant: 'tenant_dim',
  app: 'app_dim',
  route: 'route_dim',
  provider: 'provider_dim',
  model: 'model_dim',
} as const satisfies Record<AnalyticsDimension, keyof RollupTable>;

interface Accumulator {
  bucketStart: number;
  dims: Array<[AnalyticsDimension, number]>;
  totals: Omit<RollupTable, 'latency_histogram' | 'bucket_start' | `${string}_dim`>;
  histogram: LatencyHistogram;
}

/**
 * Requests, errors, tokens, cost and latency percentiles per bucket and group, from the rollups
 * (merged in memory, histograms included). Rows sorted by bucket, then group values.
 */
export async function queryAnalytics(
  store: Pick<Store, 'db'>,
  query: AnalyticsQuery,
): Promise<AnalyticsRow[]> {
  const db = callLogDatabase(store);
  let select = db
    .selectFrom(rollupTable(query.granularity))
    .selectAll()
    .where('bucket_start', '>=', query.from)
    .where('bucket_start', '<', query.to);
  if (query.tenantId !== undefined) {
    const tenantDim = await findDimensionId(db, 'tenant', query.tenantId);
    if (tenantDim === undefined) return [];
    select = select.where('tenant_dim', '=', tenantDim);
  }
  const groups = new Map<string, Accumulator>();
  for (const row of await select.execute()) {
    const dims = query.groupBy.map((dimension): [AnalyticsDimension, number] => [
      dimension,
      row[dimensionColumn[dimension]],
    ]);
    const key = `${row.bucket_start}|${dims.map(([, id]) => id).join('|')}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        bucketStart: row.bucket_start,
        dims,
        totals: zeroCounters(),
        histogram: new Map(),
      };
      groups.set(key, group);
    }
    for (const field of Object.keys(group.totals) as Array<keyof Accumulator['totals']>) {
      group.totals[field] += row[field];
    }
    mergeHistogram(group.histogram, parseHistogram(row.latency_histogram));
  }
  const names = await resolveDimensions(
    db,
    [...groups.values()].flatMap((group) => group.dims.map(([, id]) => id)),
  );
  const rows = [...groups.values()].map((group): AnalyticsRow => {
    const totals = group.totals;
    return {
      bucketStart: group.bucketStart,
      group: Object.fromEntries(group.dims.map(([dimension, id]) => [dimension, names.get(id) ?? null])),
      requests: totals.requests,
      errors: totals.errors,
      inputTokens: totals.input_tokens,
      outputTokens: totals.output_tokens,
      cachedTokens: totals.cached_tokens,
      reasoningTokens: totals.reasoning_tokens,
      costUsd: totals.cost_usd,
      latencyMean: totals.requests === 0 ? 0 : totals.latency_sum / totals.requests,
      latencyP50: histogramPercentile(group.histogram, 0.5),
      latencyP95: histogramPercentile(group.histogram, 0.95),
      latencyP99: histogramPercentile(group.histogram, 0.99),
    };
  });
  return rows.sort(
    (a, b) => a.bucketStart - b.bucketStart || JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)),
  );
}
