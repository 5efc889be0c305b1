import type { IncomingHttpHeaders } from 'node:http';
import type { HttpServiceSpec } from '../../config/http-service-schema.js';

/** How one service of a header-versioned base path is chosen, compiled at build time. */
export interface VersionChoice {
  /** Lower-cased header carrying the version. */
  readonly header: string;
  readonly name: string;
  /** Serves requests without the header, or naming no version of this base path. */
  readonly isDefault: boolean;
  /** Every version name published under this base path and header. */
  readonly known: ReadonlySet<string>;
}

/**
 * Groups the services that share a base path and a version header, and returns, per service
 * spec, its choice (undefined: the service is not header-versioned).
 */
export function versionGroups(
  specs: readonly HttpServiceSpec[],
): (spec: HttpServiceSpec) => VersionChoice | undefined {
  const known = new Map<string, Set<string>>();
  for (const spec of specs) {
    const version = spec.version;
    if (version?.header === undefined) continue;
    const key = groupKey(spec.base_path, version.header);
    const names = known.get(key);
    if (names === undefined) known.set(key, new Set([version.name]));
    else names.add(version.name);
  }
  return (spec) => {
    const version = spec.version;
    if (version?.header === undefined) return undefined;
    return {
      header: version.header.toLowerCase(),
      name: version.name,
      isDefault: version.default === true,
      known: known.get(groupKey(spec.base_path, version.header)) ?? new Set(),
    };
  };
}

/** Whether a request goes to this version: it names it, or names none known and this is the default. */
export function selectsVersion(choice: VersionChoice, headers: IncomingHttpHeaders): boolean {
  const sent = headers[choice.header];
  const value = Array.isArray(sent) ? sent[0] : sent;
  if (value === choice.name) return true;
  return choice.isDefault && (value === undefined || !choice.known.has(value));
}

function groupKey(basePath: string, header: string): string {
  const base = basePath.endsWith('/') && basePath.length > 1 ? basePath.slice(0, -1) : basePath;
  return `${base} ${header.toLowerCase()}`;
}
