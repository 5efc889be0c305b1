import { useQuery } from '@tanstack/react-query';
import { adminFetch } from '../api/admin-fetch';
import type { AnalyticsRow } from '../api/admin-types';

/** Time ranges the dashboard offers, each with the finest granularity the API allows for it. */
export const dashboardRanges = {
  '1h': { label: 'Last hour', ms: 3_600_000, granularity: 'minute' },
  '24h': { label: 'Last 24 hours', ms: 86_400_000, granularity: 'hour' },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000, granularity: 'hour' },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000, granularity: 'day' },
} as const;
export type DashboardRange = keyof typeof dashboardRanges;

/** Analytics rows of `range` ending now, grouped by `groupBy` (none: one row per bucket). */
export function useAnalytics(range: DashboardRange, groupBy?: 'route' | 'provider' | 'tenant') {
  const { ms, granularity } = dashboardRanges[range];
  return useQuery({
    queryKey: ['/api/admin/analytics', range, groupBy ?? null],
    queryFn: () => {
      // Rounded to the minute so a re-render within the minute reuses the cached answer.
      const to = Math.ceil(Date.now() / 60_000) * 60_000;
      const query = new URLSearchParams({ granularity, from: String(to - ms), to: String(to) });
      if (groupBy !== undefined) query.set('group_by', groupBy);
      return adminFetch<{ items: AnalyticsRow[] }>(`/api/admin/analytics?${query.toString()}`);
    },
    refetchInterval: 30_000,
  });
}

/** Sums of the additive measures over rows. */
export function totalsOf(rows: readonly AnalyticsRow[]) {
  return rows.reduce(
    (sum, row) => ({
      requests: sum.requests + row.requests,
      errors: sum.errors + row.errors,
      tokens: sum.tokens + row.inputTokens + row.outputTokens,
      costUsd: sum.costUsd + row.costUsd,
    }),
    { requests: 0, errors: 0, tokens: 0, costUsd: 0 },
  );
}
