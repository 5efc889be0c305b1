import type { ProvidersTable } from '../database-schema.js';
import type { Db, PageWindow } from './db.js';

/**
 * A provider with its JSON columns decoded: `spec` is its entry without secrets, `secrets` the
 * sealed secret values (SecretBox text, opened by the caller), `secret_refs` where each came from.
 */
export type Provider = Omit<ProvidersTable, 'spec' | 'secret_refs'> & {
  spec: Record<string, unknown>;
  secret_refs: Record<string, string>;
};

function decode(row: ProvidersTable): Provider {
  return {
    ...row,
    spec: JSON.parse(row.spec) as Record<string, unknown>,
    secret_refs: JSON.parse(row.secret_refs) as Record<string, string>,
  };
}

/** The queries on providers; `spec` and `secret_refs` are JSON here and decoded everywhere else. */
export const providerRepository = {
  async find(db: Db, id: string): Promise<Provider | undefined> {
    const row = await db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : decode(row);
  },

  async exists(db: Db, id: string): Promise<boolean> {
    const row = await db.selectFrom('providers').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  },

  /** Which of `ids` are stored providers. */
  async existingIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db
      .selectFrom('providers')
      .select('id')
      .where('id', 'in', [...ids])
      .execute();
    return new Set(rows.map((row) => row.id));
  },

  /** One page of providers by id. */
  async list(db: Db, page: PageWindow): Promise<Provider[]> {
    let query = db.selectFrom('providers').selectAll();
    if (page.after !== undefined) query = query.where('id', '>', page.after);
    const rows = await query.orderBy('id').limit(page.limit).execute();
    return rows.map(decode);
  },

  /** Every provider, oldest first (the order of an export). */
  async listAll(db: Db): Promise<Provider[]> {
    const rows = await db.selectFrom('providers').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(decode);
  },

  async insert(db: Db, provider: Provider): Promise<void> {
    const { spec, secret_refs: refs } = provider;
    await db
      .insertInto('providers')
      .values({ ...provider, spec: JSON.stringify(spec), secret_refs: JSON.stringify(refs) })
      .execute();
  },

  /** Writes the given columns of provider `id`. */
  async update(db: Db, id: string, changes: Partial<Omit<Provider, 'id' | 'created_at'>>): Promise<void> {
    const { spec, secret_refs: refs, ...rest } = changes;
    const columns = {
      ...rest,
      ...(spec === undefined ? {} : { spec: JSON.stringify(spec) }),
      ...(refs === undefined ? {} : { secret_refs: JSON.stringify(refs) }),
    };
    await db.updateTable('providers').set(columns).where('id', '=', id).execute();
  },

  async remove(db: Db, id: string): Promise<void> {
    await db.deleteFrom('providers').where('id', '=', id).execute();
  },
};
