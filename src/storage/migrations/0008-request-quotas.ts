import type { Kysely } from 'kysely';

/**
 * Requests per second and request quotas per day and month on every rate limit scope (null: none),
 * and `quota_usage`: requests admitted under a quota per scope and calendar window, so a quota
 * holds across restarts (docs/limits-and-budgets.md, "Request quotas per day and month").
 */
export function requestQuotasMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const column of ['requests_per_second', 'requests_per_day', 'requests_per_month']) {
        await db.schema.alterTable('rate_limits').addColumn(column, 'integer').execute();
      }
      await db.schema
        .createTable('quota_usage')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('scope_id', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('period_start', 'bigint', (c) => c.notNull())
        .addColumn('requests', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('quota_usage_pk', ['scope', 'scope_id', 'period', 'period_start'])
        .execute();
    },
  };
}
