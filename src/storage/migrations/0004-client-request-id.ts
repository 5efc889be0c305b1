import { sql, type Kysely } from 'kysely';

/**
 * Adds `client_request_id` to the call log's day partitions that exist already (new ones are
 * created with it, src/telemetry/call-log/call-partitions.ts): the client's own id, kept apart
 * from Portico's request id so ids sent by two tenants cannot collide (issue 19).
 */
export function clientRequestIdMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const partitions = await sql<{ table_name: string }>`select table_name from call_partitions`.execute(
        db,
      );
      for (const { table_name: table } of partitions.rows) {
        // Names come from the registry the writer fills with `calls_YYYYMMDD` only.
        if (!/^calls_\d{8}$/.test(table)) continue;
        await db.schema.alterTable(table).addColumn('client_request_id', 'text').execute();
      }
    },
  };
}
