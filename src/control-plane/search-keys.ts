import { sql } from 'kysely';
import type { Db } from '../storage/repositories/db.js';
import { fromAllowedModelsColumn } from '../storage/allowed-models-column.js';
import type { ApiKey } from '../storage/repositories/key-repository.js';

/** A key's state as the keys list filters it; rotated keys are `active` until their grace ends. */
export type KeyStatus = 'active' | 'revoked' | 'expired';

/** What `searchKeys` narrows by; every field absent means "any". */
export interface KeySearch {
  tenantId?: string | undefined;
  appId?: string | undefined;
  /** Part of the name, the prefix or the id, case-insensitive. */
  text?: string | undefined;
  status?: KeyStatus | undefined;
  /** The moment `status` is judged at (epoch ms). */
  now: number;
}

/**
 * One keyset page of API keys across apps, ordered by id (the primary key, so paging stays an
 * index range however many keys match); the app filter uses the api_keys_app index.
 * Lives here and not in keyRepository only because storage belongs to another workstream now.
 */
export async function searchKeys(
  db: Db,
  search: KeySearch,
  page: { after: string | undefined; limit: number },
): Promise<ApiKey[]> {
  let query = db.selectFrom('api_keys').selectAll();
  if (search.tenantId !== undefined) query = query.where('tenant_id', '=', search.tenantId);
  if (search.appId !== undefined) query = query.where('app_id', '=', search.appId);
  if (search.text !== undefined && search.text !== '') {
    const pattern = `%${escapeLike(search.text.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`lower(name) like ${pattern} escape '\\'`,
        sql<boolean>`lower(prefix) like ${pattern} escape '\\'`,
        sql<boolean>`lower(id) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (search.status === 'revoked') query = query.where('revoked_at', 'is not', null);
  if (search.status === 'expired') {
    query = query.where('revoked_at', 'is', null).where('expires_at', '<=', search.now);
  }
  if (search.status === 'active') {
    query = query
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', search.now)]));
  }
  if (page.after !== undefined) query = query.where('id', '>', page.after);
  const rows = await query.orderBy('id').limit(page.limit).execute();
  return rows.map((row) => ({ ...row, allowed_models: fromAllowedModelsColumn(row.allowed_models) }));
}

/** `%`, `_` and the escape character itself match literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
