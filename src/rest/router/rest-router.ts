import type { IncomingHttpHeaders } from 'node:http';
import FindMyWay from 'find-my-way';
import type { HttpRouteSpec } from '../../config/http-service-schema.js';
import type { HttpServiceEntry } from '../../governance/governance-snapshot.js';
import { checkRestPath } from './check-rest-path.js';
import { compileConditions, conditionsMet, type RouteConditions } from './route-conditions.js';
import { selectsVersion, versionGroups, type VersionChoice } from './service-version.js';

/** What the router needs of a service: its entry; the gateway adds its own runtime parts. */
export interface RoutableService {
  readonly entry: HttpServiceEntry;
}

/** One route of one service, compiled when the router is built. */
export interface RestRoute<S extends RoutableService, P> {
  readonly service: S;
  readonly spec: HttpRouteSpec;
  /** Base path and route path joined, as metrics and the call log name the call (`endpoint`). */
  readonly pathTemplate: string;
  /** Allowed methods; undefined: every method. */
  readonly methods: ReadonlySet<string> | undefined;
  readonly priority: number;
  readonly conditions: RouteConditions | undefined;
  readonly version: VersionChoice | undefined;
  /** What the caller prepared for this route at build time (compiled transforms). */
  readonly prepared: P;
}

/** What one request matched, or why nothing did. */
export type RestLookup<S extends RoutableService, P> =
  | {
      readonly kind: 'match';
      readonly route: RestRoute<S, P>;
      readonly params: Readonly<Record<string, string>>;
    }
  /** The path exists for other methods: 405 with `Allow`. */
  | { readonly kind: 'method_not_allowed'; readonly service: S; readonly allow: string }
  /** Under a service's base path but no route fits; `service` is the one whose base path it is. */
  | { readonly kind: 'not_found'; readonly service: S }
  /** A path refused before routing (traversal, encoded slashes): 400. */
  | { readonly kind: 'bad_path'; readonly service: S; readonly message: string }
  /** No service's base path (nor host) covers the path: the data plane's generic 404. */
  | { readonly kind: 'none' };

/** The request facts routing reads. */
export interface RestRequest {
  readonly method: string;
  /** Raw path, without the query. */
  readonly path: string;
  /** Raw query without `?`. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
}

/** Every candidate of one path pattern, highest priority first. */
type Candidates<S extends RoutableService, P> = RestRoute<S, P>[];

const noParams: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Routes REST calls to a service's route, built once per governance snapshot from
 * `snapshot.httpServices` with find-my-way (the router fastify uses). Each full path pattern
 * (base path + route path) is one find-my-way route whose store lists every route on it, from
 * every service (versions, hosts) and method; the lookup then keeps those whose host, version,
 * method and header/query conditions fit and takes the highest priority. See
 * docs/rest-services.md, "Routing: base paths, routes, versions".
 */
export class RestRouter<S extends RoutableService, P> {
  private readonly router = FindMyWay({
    ignoreTrailingSlash: true,
    caseSensitive: true,
    maxParamLength: 1000,
  });
  /** Base paths, longest first, with the services under each: which service a miss belongs to. */
  private readonly bases: { prefix: string; services: S[] }[] = [];
  /** Routes that could not be registered (bad pattern), with why; the gateway logs them. */
  readonly problems: string[] = [];

  constructor(services: readonly S[], prepare: (service: S, route: HttpRouteSpec) => P) {
    const patterns = new Map<string, Candidates<S, P>>();
    const versions = versionGroups(services.map((service) => service.entry.spec));
    for (const service of services) {
      const spec = service.entry.spec;
      const base = trimSlash(spec.base_path);
      this.addBase(base, service);
      for (const route of spec.routes) {
        const pathTemplate = joinPath(base, route.path);
        const candidate: RestRoute<S, P> = {
          service,
          spec: route,
          pathTemplate,
          methods: route.methods === undefined ? undefined : new Set(route.methods),
          priority: route.priority ?? 0,
          conditions: compileConditions(route.headers, route.query),
          version: versions(spec),
          prepared: prepare(service, route),
        };
        const list = patterns.get(pathTemplate);
        if (list === undefined) patterns.set(pathTemplate, [candidate]);
        else list.push(candidate);
      }
    }
    for (const [pattern, candidates] of patterns) {
      candidates.sort((left, right) => right.priority - left.priority);
      try {
        // One method for all: methods are checked here, so a miss can list the ones allowed.
        this.router.on('GET', pattern, noHandler, candidates);
      } catch (error) {
        this.problems.push(`${pattern}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.bases.sort((left, right) => right.prefix.length - left.prefix.length);
  }

  find(request: RestRequest): RestLookup<S, P> {
    const host = hostOf(request.headers);
    const owner = this.ownerOf(request.path, host);
    if (owner === undefined) return none;
    const refused = checkRestPath(request.path);
    if (refused !== undefined) return { kind: 'bad_path', service: owner, message: refused };
    const found = this.router.find('GET', request.path);
    if (found === null) return { kind: 'not_found', service: owner };
    const candidates = found.store as Candidates<S, P>;
    let query: URLSearchParams | undefined;
    const parsedQuery = (): URLSearchParams => (query ??= new URLSearchParams(request.query));
    let allowed: Set<string> | undefined;
    let service: S | undefined;
    for (const candidate of candidates) {
      if (!hostAllowed(candidate.service.entry.spec.hosts, host)) continue;
      if (candidate.version !== undefined && !selectsVersion(candidate.version, request.headers)) continue;
      if (
        candidate.conditions !== undefined &&
        !conditionsMet(candidate.conditions, request.headers, parsedQuery)
      )
        continue;
      if (candidate.methods !== undefined && !candidate.methods.has(request.method)) {
        allowed ??= new Set();
        for (const method of candidate.methods) allowed.add(method);
        service ??= candidate.service;
        continue;
      }
      return {
        kind: 'match',
        route: candidate,
        params: (found.params as Record<string, string>) ?? noParams,
      };
    }
    if (allowed !== undefined && service !== undefined)
      return { kind: 'method_not_allowed', service, allow: [...allowed].sort().join(', ') };
    return { kind: 'not_found', service: owner };
  }

  /** The service whose base path (and hosts) cover the path, longest base path first. */
  private ownerOf(path: string, host: string | undefined): S | undefined {
    for (const base of this.bases) {
      if (base.prefix !== '' && path !== base.prefix && !path.startsWith(`${base.prefix}/`)) continue;
      for (const service of base.services) {
        if (hostAllowed(service.entry.spec.hosts, host)) return service;
      }
    }
    return undefined;
  }

  private addBase(prefix: string, service: S): void {
    const existing = this.bases.find((base) => base.prefix === prefix);
    if (existing === undefined) this.bases.push({ prefix, services: [service] });
    else existing.services.push(service);
  }
}

const none = { kind: 'none' } as const;

function noHandler(): void {}

/** `/api/` and `/api` are one base path; `/` is the empty prefix. */
function trimSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

function joinPath(base: string, routePath: string): string {
  return base === '' ? routePath : `${base}${routePath === '/' ? '' : routePath}` || '/';
}

/** The Host header's name, lower-cased and without its port; undefined when absent. */
function hostOf(headers: IncomingHttpHeaders): string | undefined {
  const host = headers.host;
  if (host === undefined) return undefined;
  const colon = host.startsWith('[') ? host.indexOf(']:') + 1 : host.lastIndexOf(':');
  return (colon > 0 ? host.slice(0, colon) : host).toLowerCase();
}

/** A service's `hosts` match exactly or, for `*.example.com`, any subdomain; absent: any host. */
function hostAllowed(hosts: readonly string[] | undefined, host: string | undefined): boolean {
  if (hosts === undefined || hosts.length === 0) return true;
  if (host === undefined) return false;
  for (const allowed of hosts) {
    const name = allowed.toLowerCase();
    if (name === host) return true;
    if (name.startsWith('*.') && host.endsWith(name.slice(1))) return true;
  }
  return false;
}
