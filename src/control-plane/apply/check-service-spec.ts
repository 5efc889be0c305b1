import FindMyWay from 'find-my-way';
import type { HttpServiceSpec } from '../../config/http-service-schema.js';
import { modelEndpointPaths, pathsOverlap, trimTrailingSlash } from '../../config/model-endpoint-paths.js';
import type { Db } from '../../storage/repositories/db.js';
import { httpServiceRepository } from '../../storage/repositories/http-service-repository.js';
import { AdminError } from '../admin-error.js';
import { checkServiceSettings } from './check-service-settings.js';

/**
 * The checks of an HTTP service's spec the schema cannot make, each a 400 naming the field under
 * `path`: the base path stays clear of Portico's own endpoints and of other services' base paths
 * (docs/rest-services.md, "Defining a service"), every route path is a pattern the router takes,
 * and the settings `checkServiceSettings` reads (JWT, IP lists, rewrites) are usable.
 */
export async function checkServiceSpec(
  db: Db,
  serviceId: string | undefined,
  spec: HttpServiceSpec,
  path: string,
): Promise<void> {
  checkServiceSettings(spec, path);
  const base = trimTrailingSlash(spec.base_path);
  const reserved = modelEndpointPaths.find((endpoint) => pathsOverlap(base, endpoint));
  if (reserved !== undefined) {
    throw new AdminError(
      'invalid_request',
      `Invalid '${path}.base_path': '${spec.base_path}' overlaps Portico's own endpoints under '${reserved}'; choose another prefix (e.g. '/api/...').`,
    );
  }
  const others = (await httpServiceRepository.listAll(db)).filter((other) => other.id !== serviceId);
  for (const other of others) {
    const problem = basePathConflict(spec, other.spec);
    if (problem !== undefined) {
      throw new AdminError('conflict', `Invalid '${path}.base_path': ${problem} (service ${other.name}).`);
    }
  }
  checkRoutePatterns(base, spec, path);
}

/** Why two services cannot share the data plane as specified; undefined when they can. */
function basePathConflict(spec: HttpServiceSpec, other: HttpServiceSpec): string | undefined {
  if (!pathsOverlap(spec.base_path, other.base_path) || hostsDisjoint(spec.hosts, other.hosts)) {
    return undefined;
  }
  const same = trimTrailingSlash(spec.base_path) === trimTrailingSlash(other.base_path);
  const mine = spec.version;
  const theirs = other.version;
  if (!same || mine?.header === undefined || theirs?.header === undefined) {
    return `'${spec.base_path}' ${same ? 'is' : 'overlaps'} the base path '${other.base_path}' of another service; services share a base path only as header versions (version.header and distinct version.name)`;
  }
  if (mine.header.toLowerCase() !== theirs.header.toLowerCase()) {
    return `versions of '${other.base_path}' are chosen by the header '${theirs.header}', not '${mine.header}'`;
  }
  if (mine.name === theirs.name) return `version '${mine.name}' of '${other.base_path}' exists already`;
  if (mine.default === true && theirs.default === true) {
    return `version '${theirs.name}' is already the default of '${other.base_path}'`;
  }
  return undefined;
}

/** Both services name hosts and none in common: they never see the same requests. */
function hostsDisjoint(left: readonly string[] | undefined, right: readonly string[] | undefined): boolean {
  if (left === undefined || right === undefined) return false;
  const names = new Set(left.map((host) => host.toLowerCase()));
  return !right.some((host) => names.has(host.toLowerCase()));
}

/** Registers every route in a scratch find-my-way router, as the data plane's router does. */
function checkRoutePatterns(base: string, spec: HttpServiceSpec, path: string): void {
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true, maxParamLength: 1000 });
  const seen = new Set<string>();
  for (const [index, route] of spec.routes.entries()) {
    const pattern = base === '/' ? route.path : `${base}${route.path}`;
    if (seen.has(pattern)) continue;
    seen.add(pattern);
    try {
      router.on('GET', pattern, () => undefined);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AdminError(
        'invalid_request',
        `Invalid '${path}.routes[${index}].path': '${route.path}' is not a valid route pattern: ${reason}.`,
      );
    }
  }
}
