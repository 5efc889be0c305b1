import { fromAllowedModelsColumn, toAllowedModelsColumn } from '../allowed-models-column.js';
import type { AppsTable } from '../database-schema.js';
import type { Db, PageWindow } from './db.js';

/** An app as stored, with its model allow-list decoded (null: no restriction). */
export type App = Omit<AppsTable, 'allowed_models'> & { allowed_models: string[] | null };

/** What an update may change. */
export type AppChange = Pick<App, 'name' | 'description' | 'allowed_models' | 'updated_at'>;

function decode(row: AppsTable): App {
  return { ...row, allowed_models: fromAllowedModelsColumn(row.allowed_models) };
}

/** The queries on apps; the `allowed_models` JSON column is read and written here only. */
export const appRepository = {
  async find(db: Db, id: string): Promise<App | undefined> {
    const row = await db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : decode(row);
  },

  async findByName(db: Db, tenantId: string, name: string): Promise<App | undefined> {
    const row = await db
      .selectFrom('apps')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? undefined : decode(row);
  },

  async listByTenant(db: Db, tenantId: string, page: PageWindow): Promise<App[]> {
    let query = db.selectFrom('apps').selectAll().where('tenant_id', '=', tenantId);
    if (page.after !== undefined) query = query.where('id', '>', page.after);
    return (await query.orderBy('id').limit(page.limit).execute()).map(decode);
  },

  async insert(db: Db, app: App): Promise<void> {
    await db
      .insertInto('apps')
      .values({ ...app, allowed_models: toAllowedModelsColumn(app.allowed_models) })
      .execute();
  },

  async update(db: Db, id: string, change: AppChange): Promise<void> {
    await db
      .updateTable('apps')
      .set({
        name: change.name,
        description: change.description,
        allowed_models: toAllowedModelsColumn(change.allowed_models),
        updated_at: change.updated_at,
      })
      .where('id', '=', id)
      .execute();
  },

  /** Deletes the app: keys and subscriptions cascade; the limits and budgets of it and its keys go here. */
  async remove(db: Db, id: string): Promise<void> {
    const keyIds = db.selectFrom('api_keys').select('id').where('app_id', '=', id);
    for (const table of ['rate_limits', 'budgets'] as const) {
      await db
        .deleteFrom(table)
        .where((where) =>
          where.or([
            where.and([where('scope', '=', 'app'), where('scope_id', '=', id)]),
            where.and([where('scope', '=', 'key'), where('scope_id', 'in', keyIds)]),
          ]),
        )
        .execute();
    }
    await db.deleteFrom('apps').where('id', '=', id).execute();
  },
};
