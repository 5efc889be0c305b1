import type { HttpTransformsSpec } from '../../config/http-service-schema.js';
import { rewriteTokenPattern } from '../../config/rewrite-path-params.js';
import { GatewayError } from '../../core/gateway-error.js';

/**
 * The path the upstream receives for a request: the incoming path with the service's base path
 * stripped (unless `strip_base_path: false`), or the route's `rewrite_path` template filled with
 * the matched parameters. `path` is the raw request path (no query, percent-encoding as the
 * client sent it); it is kept byte for byte apart from collapsed empty segments.
 *
 * The result never holds a dot segment, literal or encoded (`..`, `%2e%2e`, `..%2f`, `..\`), so
 * no upstream that decodes or normalises paths can be walked out of the service: such a path is
 * refused with a 400 rather than resolved, because resolving it would pick a resource the
 * route match never saw.
 */
export function upstreamPath(input: {
  path: string;
  basePath: string;
  params: Readonly<Record<string, string>>;
  transforms: HttpTransformsSpec | undefined;
}): string {
  const { path, basePath, params, transforms } = input;
  if (!path.startsWith('/'))
    throw new GatewayError('invalid_request', 'The request path must start with "/".');
  const target =
    transforms?.rewrite_path !== undefined
      ? fillTemplate(transforms.rewrite_path, params)
      : transforms?.strip_base_path === false
        ? path
        : stripBasePath(path, basePath);
  return checkedPath(target);
}

function stripBasePath(path: string, basePath: string): string {
  const base = basePath.replace(/\/+$/, '');
  if (base === '') return path;
  if (path === base) return '/';
  // Only at a segment boundary: base path /api does not own /apiary.
  if (!path.startsWith(`${base}/`))
    throw new GatewayError('not_found', `The path ${path} is not below the base path ${base}.`);
  return path.slice(base.length);
}

/** `:name` takes that parameter, `*` the wildcard's rest; both are percent-encoded again. */
function fillTemplate(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(rewriteTokenPattern, (token: string, name: string | undefined) => {
    const key = name ?? '*';
    const value = params[key];
    if (value === undefined)
      throw new GatewayError(
        'internal_error',
        `rewrite_path ${template} uses ${token}, which the matched route does not capture.`,
      );
    // A parameter stays one segment (its '/' encoded); the wildcard keeps its segments.
    return name === undefined ? value.split('/').map(encodePathSegment).join('/') : encodePathSegment(value);
  });
}

/** encodeURIComponent, keeping the sub-delimiters and ':' '@' that a path segment may hold. */
function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(21|24|26|27|28|29|2A|2B|2C|3A|3B|3D|40)/g, (escape) =>
    decodeURIComponent(escape),
  );
}

function checkedPath(path: string): string {
  const collapsed = path.replace(/\/{2,}/g, '/');
  for (const segment of collapsed.split('/')) {
    if (segment === '') continue;
    const decoded = decodeSegment(segment);
    if (decoded.includes('\0'))
      throw new GatewayError('invalid_request', 'The request path may not contain NUL bytes.');
    // Split on what any upstream might treat as a separator once it decodes the segment.
    if (decoded.split(/[/\\]/).some((part) => part === '.' || part === '..'))
      throw new GatewayError(
        'invalid_request',
        'The request path may not contain "." or ".." segments (plain or percent-encoded).',
      );
  }
  return collapsed;
}

/** Decodes repeatedly, so double encoding (`%252e`) cannot hide a dot segment either. */
function decodeSegment(segment: string): string {
  let current = segment;
  for (let round = 0; round < 3; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      throw new GatewayError('invalid_request', 'The request path has a malformed percent-encoding.');
    }
    if (next === current) return next;
    current = next;
  }
  return current;
}
