import type { JsonObject } from '../core/chat.js';
import { isJsonObject } from '../core/json-guards.js';
import { OpenApiError } from './openapi-error.js';

/** Where `servers[0]` says the API lives. */
export interface ServerLocation {
  /** `https://api.example.com/v1` for an absolute URL; undefined for a relative one (`/v3`). */
  absoluteUrl: string | undefined;
  /** The URL's path without a trailing slash; '' when it is the root. */
  path: string;
}

/** `servers[0]` with its variables replaced by their defaults; undefined when there is none. */
export function firstServer(document: JsonObject): ServerLocation | undefined {
  const servers = document['servers'];
  const server = Array.isArray(servers) ? servers[0] : undefined;
  if (!isJsonObject(server) || typeof server['url'] !== 'string') return undefined;
  const url = substituteVariables(server['url'], server['variables']);
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new OpenApiError(`servers[0].url '${url}' is not a valid URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new OpenApiError(`servers[0].url '${url}' is not http or https`);
    }
    const path = trimSlash(parsed.pathname);
    return { absoluteUrl: `${parsed.origin}${path}`, path };
  }
  // A relative server URL is relative to where the document is served: only its path is known.
  return { absoluteUrl: undefined, path: trimSlash(new URL(url, 'http://relative.invalid/').pathname) };
}

function substituteVariables(url: string, variables: unknown): string {
  return url.replace(/\{([^}]*)\}/g, (_match, name: string) => {
    const variable = isJsonObject(variables) ? variables[name] : undefined;
    const value = isJsonObject(variable) ? variable['default'] : undefined;
    if (typeof value !== 'string') {
      throw new OpenApiError(`servers[0].url variable {${name}} has no default value`);
    }
    return value;
  });
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '');
}
