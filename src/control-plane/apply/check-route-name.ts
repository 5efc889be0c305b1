import type { Store } from '../../storage/open-store.js';
import { AdminError } from '../admin-error.js';

/**
 * Refuses a route name of the form `<existing-provider-id>/...`: such a route would take the
 * calls clients send to that provider's direct names (docs/security.md, route names and tenants).
 */
export async function assertRouteNameFreeOfProviders(
  db: Store['db'],
  name: string,
  where: string,
): Promise<void> {
  const slash = name.indexOf('/');
  if (slash <= 0) return;
  const prefix = name.slice(0, slash);
  const row = await db.selectFrom('providers').select('id').where('id', '=', prefix).executeTakeFirst();
  if (row !== undefined) {
    throw new AdminError('invalid_request',
      `Invalid '${where}': '${name}' would shadow the direct names of provider '${row.id}'; choose a name that does not start with '${row.id}/'.`,
    );
  }
}

/** Refuses a new provider id that an existing route name already starts with (`<id>/...`). */
export async function assertProviderIdFreeOfRoutes(
  db: Store['db'],
  id: string,
  where: string,
): Promise<void> {
  // Names compared here, not with LIKE: provider ids may hold `_`, a LIKE wildcard.
  const rows = await db.selectFrom('routes').select('name').execute();
  const taken = rows.find((row) => row.name.startsWith(`${id}/`));
  if (taken !== undefined) {
    throw new AdminError('conflict',
      `Invalid '${where}': route ${taken.name} is named under '${id}/'; a provider '${id}' would share its names. Rename the route or choose another id.`,
    );
  }
}
