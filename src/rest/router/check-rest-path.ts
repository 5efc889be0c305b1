/**
 * Why a request path is refused before routing, or undefined when it is safe to route and to
 * send upstream as it is. Refused: anything that could name a place outside the service's base
 * path once an upstream (or a proxy behind it) decodes or normalises it: `.` and `..` segments,
 * plain or percent-encoded, empty segments (`//`), encoded slashes and backslashes, backslashes,
 * NUL, and malformed percent-encoding. Refusing rather than normalising keeps the path the
 * upstream sees byte for byte the one the client sent (docs/rest-services.md, "Routing").
 */
export function checkRestPath(path: string): string | undefined {
  if (path.charCodeAt(0) !== 47 /* / */) return 'The path must start with /.';
  // Hot path: a path with none of these characters cannot carry any refused form.
  if (
    path.indexOf('%') === -1 &&
    path.indexOf('.') === -1 &&
    path.indexOf('//') === -1 &&
    path.indexOf('\\') === -1
  ) {
    return undefined;
  }
  const segments = path.split('/');
  for (let index = 1; index < segments.length; index++) {
    const raw = segments[index] ?? '';
    // A trailing slash leaves one empty last segment: allowed.
    if (raw === '') {
      if (index === segments.length - 1) continue;
      return 'Empty path segments (//) are refused.';
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return 'The path has malformed percent-encoding.';
    }
    if (decoded === '.' || decoded === '..') return 'Dot segments (. and ..) are refused in paths.';
    if (/[/\\\0]/.test(decoded)) return 'Encoded slashes, backslashes and NUL are refused in paths.';
  }
  return undefined;
}
