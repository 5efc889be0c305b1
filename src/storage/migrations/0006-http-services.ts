import type { Kysely } from 'kysely';

/**
 * HTTP (REST) services live in `routes` beside model routes (`kind`), with their sealed upstream
 * credential, OpenAPI document and live release number; `service_releases` keeps every spec a
 * service had, immutable and numbered per service (docs/rest-services.md#releases-and-rollback).
 */
export function httpServicesMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('routes')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('model'))
        .execute();
      await db.schema.alterTable('routes').addColumn('credential_sealed', 'text').execute();
      await db.schema.alterTable('routes').addColumn('openapi', 'text').execute();
      await db.schema.alterTable('routes').addColumn('release', 'integer').execute();
      await db.schema
        .createTable('service_releases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('service_id', 'text', (c) => c.notNull().references('routes.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('service_releases_service_number', ['service_id', 'number'])
        .execute();
    },
  };
}
