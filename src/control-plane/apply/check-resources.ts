import { ConfigError } from '../../config/config-error.js';
import { buildRoutePolicy } from '../../config/build-route-policy.js';
import { buildResources } from '../../config/load-config.js';
import type { Db } from '../../storage/repositories/db.js';
import { providerRepository } from '../../storage/repositories/provider-repository.js';
import { AdminError } from '../admin-error.js';
import type { ProviderEntry } from './provider-secrets.js';
import type { RouteSpec } from './route-spec.js';

/**
 * Checks a provider entry the way `portico start` does (known type, base URL, required
 * credentials); a problem is a 400 naming the field under `where`.
 */
export function checkProviderEntry(entry: ProviderEntry, where: string): void {
  try {
    buildResources({ providers: [entry] }, where);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw invalid(where, error.path.replace(/^providers\[0\]\.?/, ''), error.problem);
  }
}

/** Checks a route's settings and that every target's provider exists (in the store or in `known`). */
export async function checkRouteSpec(
  db: Db,
  name: string,
  spec: RouteSpec,
  where: string,
  known: ReadonlySet<string> = new Set(),
): Promise<void> {
  try {
    buildRoutePolicy({ name, ...spec }, '', where);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw invalid(where, error.path.replace(/^\./, ''), error.problem);
  }
  const wanted = [...new Set(spec.targets.map((target) => target.provider))].filter((id) => !known.has(id));
  const found = await providerRepository.existingIds(db, wanted);
  const index = spec.targets.findIndex(
    (target) => !known.has(target.provider) && !found.has(target.provider),
  );
  const missing = spec.targets[index];
  if (missing !== undefined) {
    throw invalid(where, `targets[${index}].provider`, `unknown provider '${missing.provider}'`);
  }
}

function invalid(where: string, path: string, problem: string): AdminError {
  const field = [where, path].filter((part) => part !== '').join('.');
  return new AdminError('invalid_request', `Invalid '${field}': ${problem}.`);
}
