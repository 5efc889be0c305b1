import type { HttpServiceSpec } from '../../config/http-service-schema.js';
import { ipEntryProblem, parseIpEntry } from '../../config/ip-entry.js';
import { JwtSpecError } from '../../config/jwt-spec-error.js';
import { readJwtSpec } from '../../config/read-jwt-spec.js';
import { uncapturedRewriteToken } from '../../config/rewrite-path-params.js';
import { AdminError } from '../admin-error.js';

/**
 * The settings of a service spec the data plane would otherwise refuse only when it builds or
 * serves it: a JWT mode without a readable `auth.jwt`, IP list entries that are no address or
 * range, and `rewrite_path` templates naming parameters their routes do not capture. Each is a
 * 400 naming the field under `path`, before anything is saved.
 */
export function checkServiceSettings(spec: HttpServiceSpec, path: string): void {
  checkJwt(spec, path);
  for (const field of ['ip_allow', 'ip_deny'] as const) {
    for (const [index, entry] of (spec[field] ?? []).entries()) {
      if (parseIpEntry(entry) === undefined) {
        throw invalid(`${path}.${field}[${String(index)}]`, ipEntryProblem(field, entry.trim()));
      }
    }
  }
  checkRewrites(spec, path);
}

function checkJwt(spec: HttpServiceSpec, path: string): void {
  const auth = spec.auth;
  if (auth === undefined) return;
  if (auth.modes.includes('jwt') && auth.jwt === undefined) {
    throw invalid(
      `${path}.auth.jwt`,
      "auth.modes includes 'jwt', so auth.jwt must say how tokens are verified.",
    );
  }
  if (auth.jwt === undefined) return;
  try {
    readJwtSpec(auth.jwt);
  } catch (error) {
    if (error instanceof JwtSpecError) throw invalid(`${path}.auth.jwt`, error.message);
    throw error;
  }
}

/** A route's own `rewrite_path`, else the service's, must only name what the route path captures. */
function checkRewrites(spec: HttpServiceSpec, path: string): void {
  const serviceRewrite = spec.transforms?.rewrite_path;
  for (const [index, route] of spec.routes.entries()) {
    const own = route.transforms?.rewrite_path;
    const template = own ?? serviceRewrite;
    if (template === undefined) continue;
    const token = uncapturedRewriteToken(template, route.path);
    if (token === undefined) continue;
    const field =
      own === undefined
        ? `${path}.transforms.rewrite_path`
        : `${path}.routes[${String(index)}].transforms.rewrite_path`;
    throw invalid(
      field,
      `'${template}' uses ${token}, which the route path '${route.path}' does not capture.`,
    );
  }
}

function invalid(field: string, message: string): AdminError {
  return new AdminError('invalid_request', `Invalid '${field}': ${message}`);
}
