import type { Kysely } from 'kysely';
import type { StoreDialect } from '../store-dialect.js';

/**
 * The call log's fixed tables: interned dimensions, the day-partition registry and the three
 * rollups. The day partitions themselves (`calls_YYYYMMDD`, `call_bodies_YYYYMMDD`) are created
 * on demand by the writer (src/telemetry/call-log/call-partitions.ts). See docs/call-log.md.
 */
export function callLogMigration(dialect: StoreDialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('call_dims')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addUniqueConstraint('call_dims_kind_value', ['kind', 'value'])
        .execute();
      await db.schema
        .createTable('call_partitions')
        .addColumn('day', 'text', (c) => c.primaryKey())
        .addColumn('table_name', 'text', (c) => c.notNull())
        .addColumn('rows', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('bytes_estimate', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      for (const table of ['rollup_minute', 'rollup_hour', 'rollup_day']) {
        await db.schema
          .createTable(table)
          .addColumn('bucket_start', 'bigint', (c) => c.notNull())
          .addColumn('tenant_dim', 'integer', (c) => c.notNull())
          .addColumn('app_dim', 'integer', (c) => c.notNull())
          .addColumn('route_dim', 'integer', (c) => c.notNull())
          .addColumn('provider_dim', 'integer', (c) => c.notNull())
          .addColumn('model_dim', 'integer', (c) => c.notNull())
          .addColumn('requests', 'bigint', (c) => c.notNull())
          .addColumn('errors', 'bigint', (c) => c.notNull())
          .addColumn('input_tokens', 'bigint', (c) => c.notNull())
          .addColumn('output_tokens', 'bigint', (c) => c.notNull())
          .addColumn('cached_tokens', 'bigint', (c) => c.notNull())
          .addColumn('reasoning_tokens', 'bigint', (c) => c.notNull())
          .addColumn('cost_usd', 'double precision', (c) => c.notNull())
          .addColumn('latency_sum', 'bigint', (c) => c.notNull())
          .addColumn('latency_histogram', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, [
            'bucket_start',
            'tenant_dim',
            'app_dim',
            'route_dim',
            'provider_dim',
            'model_dim',
          ])
          .execute();
        await db.schema
          .createIndex(`${table}_tenant`)
          .on(table)
          .columns(['tenant_dim', 'bucket_start'])
          .execute();
      }
    },
  };
}
