import { fromAllowedModelsColumn, toAllowedModelsColumn } from '../allowed-models-column.js';
import type { ApiKeysTable } from '../database-schema.js';
import type { Db, PageWindow } from './db.js';

/** An API key row (its hash, never the key), with its model allow-list decoded. */
export type ApiKey = Omit<ApiKeysTable, 'allowed_models'> & { allowed_models: string[] | null };

function decode(row: ApiKeysTable): ApiKey {
  return { ...row, allowed_models: fromAllowedModelsColumn(row.allowed_models) };
}

/** The queries on API keys; the `allowed_models` JSON column is read and written here only. */
export const keyRepository = {
  async find(db: Db, id: string): Promise<ApiKey | undefined> {
    const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : decode(row);
  },

  async findByHash(db: Db, keyHash: string): Promise<ApiKey | undefined> {
    const row = await db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .executeTakeFirst();
    return row === undefined ? undefined : decode(row);
  },

  /** The app's live (unrevoked) key named `name`, or undefined. */
  async findLiveByName(db: Db, appId: string, name: string): Promise<ApiKey | undefined> {
    const row = await db
      .selectFrom('api_keys')
      .selectAll()
      .where('app_id', '=', appId)
      .where('name', '=', name)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row === undefined ? undefined : decode(row);
  },

  async listByApp(db: Db, appId: string, page: PageWindow): Promise<ApiKey[]> {
    let query = db.selectFrom('api_keys').selectAll().where('app_id', '=', appId);
    if (page.after !== undefined) query = query.where('id', '>', page.after);
    return (await query.orderBy('id').limit(page.limit).execute()).map(decode);
  },

  async insert(db: Db, key: ApiKey): Promise<void> {
    await db
      .insertInto('api_keys')
      .values({ ...key, allowed_models: toAllowedModelsColumn(key.allowed_models) })
      .execute();
  },

  /** Changes the name, the secret (hash and prefix) or the allow-list of a key. */
  async update(
    db: Db,
    id: string,
    change: Partial<Pick<ApiKey, 'name' | 'prefix' | 'key_hash' | 'allowed_models'>>,
  ): Promise<void> {
    const column =
      change.allowed_models === undefined
        ? {}
        : { allowed_models: toAllowedModelsColumn(change.allowed_models) };
    await db
      .updateTable('api_keys')
      .set({ name: change.name, prefix: change.prefix, key_hash: change.key_hash, ...column })
      .where('id', '=', id)
      .execute();
  },

  /**
   * Marks a live key rotated to `rotatedTo`, expiring at `expiresAt`. Conditional, so two
   * concurrent rotations cannot both win (PostgreSQL reads committed): false when it lost.
   */
  async markRotated(db: Db, id: string, rotatedTo: string, expiresAt: number): Promise<boolean> {
    const result = await db
      .updateTable('api_keys')
      .set({ rotated_to: rotatedTo, expires_at: expiresAt })
      .where('id', '=', id)
      .where('rotated_to', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  },

  async revoke(db: Db, id: string, at: number): Promise<void> {
    await db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).execute();
  },
};
