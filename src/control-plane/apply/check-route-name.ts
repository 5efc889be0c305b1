import type { Db } from '../../storage/repositories/db.js';
import { providerRepository } from '../../storage/repositories/provider-repository.js';
import { serviceRepository } from '../../storage/repositories/service-repository.js';
import { AdminError } from '../admin-error.js';

/**
 * Refuses a route name of the form `<existing-provider-id>/...`: such a route would take the
 * calls clients send to that provider's direct names (docs/security.md, route names and tenants).
 */
export async function assertRouteNameFreeOfProviders(db: Db, name: string, where: string): Promise<void> {
  const slash = name.indexOf('/');
  if (slash <= 0) return;
  const prefix = name.slice(0, slash);
  if (await providerRepository.exists(db, prefix)) {
    throw new AdminError(
      'invalid_request',
      `Invalid '${where}': '${name}' would shadow the direct names of provider '${prefix}'; choose a name that does not start with '${prefix}/'.`,
    );
  }
}

/** Refuses a new provider id that an existing route name already starts with (`<id>/...`). */
export async function assertProviderIdFreeOfRoutes(db: Db, id: string, where: string): Promise<void> {
  // Names compared here, not with LIKE: provider ids may hold `_`, a LIKE wildcard.
  const taken = (await serviceRepository.listNames(db)).find((name) => name.startsWith(`${id}/`));
  if (taken !== undefined) {
    throw new AdminError(
      'conflict',
      `Invalid '${where}': route ${taken} is named under '${id}/'; a provider '${id}' would share its names. Rename the route or choose another id.`,
    );
  }
}
