import { OpenApiError } from './openapi-error.js';

/** An OpenAPI path template as a route path, and how its parameters were renamed. */
export interface RoutePath {
  /** find-my-way syntax below the base path: `/pet/{petId}` → `/pet/:petId`. */
  path: string;
  /** Route parameter name → the document's parameter name (they differ when the name had `-` or `.`). */
  params: Record<string, string>;
}

/**
 * Converts `/files/{name}.{ext}` to `/files/:name.:ext`. find-my-way ends a parameter name at any
 * character outside [A-Za-z0-9_], so other characters in names become `_`, and a parameter must
 * be followed by such a character (`{name}.{ext}` works, `{id}x` is refused); a literal `:` is
 * doubled (its escape). Characters find-my-way reads as wildcards or regular expressions are refused.
 */
export function toRoutePath(openApiPath: string): RoutePath {
  if (!openApiPath.startsWith('/')) {
    throw new OpenApiError(`path '${openApiPath}' does not start with '/'`);
  }
  if (/[*()?#\s]/.test(openApiPath)) {
    throw new OpenApiError(`path '${openApiPath}' has a character routes cannot hold (* ( ) ? # or a space)`);
  }
  if (/\}\{/.test(openApiPath)) {
    throw new OpenApiError(
      `path '${openApiPath}' has two parameters with nothing between them; they cannot be told apart`,
    );
  }
  const params: Record<string, string> = {};
  let path = '';
  let rest = openApiPath;
  for (let open = rest.indexOf('{'); open !== -1; open = rest.indexOf('{')) {
    const close = rest.indexOf('}', open);
    const name = close === -1 ? '' : rest.slice(open + 1, close);
    if (name === '' || name.includes('/') || name.includes('{')) {
      throw new OpenApiError(`path '${openApiPath}' has a malformed parameter`);
    }
    if (/^[A-Za-z0-9_]/.test(rest.slice(close + 1))) {
      throw new OpenApiError(
        `path '${openApiPath}': parameter {${name}} is followed by a letter or digit; routes need a '.', '-' or '/' after a parameter`,
      );
    }
    const routeName = uniqueName(name.replace(/[^A-Za-z0-9_]/g, '_'), params);
    params[routeName] = name;
    path += `${escapeStatic(rest.slice(0, open))}:${routeName}`;
    rest = rest.slice(close + 1);
  }
  if (rest.includes('}')) throw new OpenApiError(`path '${openApiPath}' has a malformed parameter`);
  return { path: path + escapeStatic(rest), params };
}

function escapeStatic(text: string): string {
  return text.replaceAll(':', '::');
}

function uniqueName(base: string, taken: Record<string, string>): string {
  let name = base;
  for (let suffix = 2; name in taken; suffix++) name = `${base}_${suffix}`;
  return name;
}
