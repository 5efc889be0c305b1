import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Adds the REST call facts to the call log's existing day partitions (new ones are created with
 * them, src/telemetry/call-log/call-partitions.ts): the HTTP method, the upstream node that
 * answered, the upstream's time to its answer's head, and the bytes streamed each way. Null on
 * model calls.
 */
export function restCallColumnsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const partitions = await sql<{ table_name: string }>`select table_name from call_partitions`.execute(
        db,
      );
      for (const { table_name: table } of partitions.rows) {
        // Names come from the registry the writer fills with `calls_YYYYMMDD` only.
        if (!/^calls_\d{8}$/.test(table)) continue;
        await db.schema.alterTable(table).addColumn('method', 'text').execute();
        await db.schema.alterTable(table).addColumn('upstream_node', 'text').execute();
        await db.schema.alterTable(table).addColumn('upstream_ms', 'integer').execute();
        await db.schema.alterTable(table).addColumn('bytes_in', 'bigint').execute();
        await db.schema.alterTable(table).addColumn('bytes_out', 'bigint').execute();
      }
    },
  };
}
