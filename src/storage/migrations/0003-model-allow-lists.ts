import type { Kysely } from 'kysely';

/**
 * Model allow-lists of apps and API keys: a JSON array of model names, null for no restriction
 * (every row before this migration). See docs/routing.md#model-allow-lists.
 */
export function modelAllowListsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('apps').addColumn('allowed_models', 'text').execute();
      await db.schema.alterTable('api_keys').addColumn('allowed_models', 'text').execute();
    },
  };
}
