import type { TenantsTable } from '../database-schema.js';
import type { Db, PageWindow } from './db.js';

/** The queries on tenants; policies of a tenant carry no foreign key, so `remove` deletes them. */
export const tenantRepository = {
  /** The tenant `id`, or undefined. */
  find(db: Db, id: string): Promise<TenantsTable | undefined> {
    return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The tenant named `name` (its handle), or undefined. */
  findByName(db: Db, name: string): Promise<TenantsTable | undefined> {
    return db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst();
  },

  /** Tenants by id; `only` limits the list to one tenant (a tenant member sees their own). */
  list(db: Db, only: string | undefined, page: PageWindow): Promise<TenantsTable[]> {
    let query = db.selectFrom('tenants').selectAll();
    if (only !== undefined) query = query.where('id', '=', only);
    if (page.after !== undefined) query = query.where('id', '>', page.after);
    return query.orderBy('id').limit(page.limit).execute();
  },

  async insert(db: Db, row: TenantsTable): Promise<void> {
    await db.insertInto('tenants').values(row).execute();
  },

  async setDisplayName(db: Db, id: string, displayName: string, now: number): Promise<void> {
    await db
      .updateTable('tenants')
      .set({ display_name: displayName, updated_at: now })
      .where('id', '=', id)
      .execute();
  },

  /** Deletes the tenant: users, apps, keys, routes and subscriptions cascade; limits and budgets go here. */
  async remove(db: Db, id: string): Promise<void> {
    await db.deleteFrom('rate_limits').where('tenant_id', '=', id).execute();
    await db.deleteFrom('budgets').where('tenant_id', '=', id).execute();
    await db.deleteFrom('tenants').where('id', '=', id).execute();
  },
};
