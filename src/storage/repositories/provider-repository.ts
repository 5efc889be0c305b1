import type { ProvidersTable } from '../database-schema.js';
import type { Db } from './db.js';

/**
 * A provider with its JSON columns decoded: `spec` is its entry without secrets, `secrets` the
 * sealed secret values (SecretBox text, never JSON here), `secret_refs` where each secret came from.
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

function encode<Changes extends Partial<Provider>>(
  changes: Changes,
): Omit<Changes, 'spec' | 'secret_refs'> & { spec?: string; secret_refs?: string } {
  const { spec, secret_refs: refs, ...rest } = changes;
  return {
    ...rest,
    ...(spec === undefined ? {} : { spec: JSON.stringify(spec) }),
    ...(refs === undefined ? {} : { secret_refs: JSON.stringify(refs) }),
  };
}

export async function findProvider(db: Db, id: string): Promise<Provider | undefined> {
  const row = await db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : decode(row);
}

export async function providerExists(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('providers').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** Which of `ids` are stored providers. */
export async function findProviderIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('providers').select('id').where('id', 'in', [...ids]).execute();
  return new Set(rows.map((row) => row.id));
}

/** One page of providers in id order, after the id `after` when given. */
export async function listProviders(
  db: Db,
  page: { after?: string; limit: number },
): Promise<Provider[]> {
  let query = db.selectFrom('providers').selectAll();
  if (page.after !== undefined) query = query.where('id', '>', page.after);
  const rows = await query.orderBy('id').limit(page.limit).execute();
  return rows.map(decode);
}

/** Every provider, oldest first (the order of an export). */
export async function listAllProviders(db: Db): Promise<Provider[]> {
  const rows = await db.selectFrom('providers').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(decode);
}

export async function insertProvider(db: Db, provider: Provider): Promise<void> {
  await db
    .insertInto('providers')
    .values({ ...provider, spec: JSON.stringify(provider.spec), secret_refs: JSON.stringify(provider.secret_refs) })
    .execute();
}

/** Writes the given columns of provider `id`. */
export async function updateProvider(
  db: Db,
  id: string,
  changes: Partial<Omit<Provider, 'id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('providers').set(encode(changes)).where('id', '=', id).execute();
}

export async function deleteProvider(db: Db, id: string): Promise<void> {
  await db.deleteFrom('providers').where('id', '=', id).execute();
}
