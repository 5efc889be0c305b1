import type { QuotaUsageRow } from '../../policy/quota-ports.js';
import type { Db } from './db.js';

/** A month is the longest quota period: older windows can no longer be current. */
const longestWindowMs = 32 * 86_400_000;

/** The queries on `quota_usage` (requests admitted under quotas, per scope and window). */
export const quotaUsageRepository = {
  /** Rows of windows that may still be current at `nowMs`, in the engine's shape. */
  async listRecent(db: Db, nowMs: number): Promise<QuotaUsageRow[]> {
    const rows = await db
      .selectFrom('quota_usage')
      .select(['scope', 'scope_id', 'period', 'period_start', 'requests'])
      .where('period_start', '>=', nowMs - longestWindowMs)
      .execute();
    return rows.map((row) => ({
      scope: row.scope,
      scopeId: row.scope_id,
      period: row.period,
      periodStart: row.period_start,
      requests: row.requests,
    }));
  },
};
