import type { JsonObject, JsonValue } from '../core/chat.js';
import { isJsonObject } from '../core/json-guards.js';
import type { HttpAuthSpec } from '../config/http-service-schema.js';

const operationKeys = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * The document a published service serves: a copy whose `servers` is Portico's address for the
 * service and whose security is how consumers authenticate to Portico. The document's own
 * security schemes describe the upstream's auth, which consumers never use (Portico injects the
 * upstream credential), so they are replaced, and operation-level `security` naming them is
 * dropped. Absent `auth` means API keys, the gateway's default. The original is left untouched.
 */
export function servedDocument(
  document: JsonObject,
  options: { serverUrl: string; basePath: string; auth: HttpAuthSpec | undefined },
): JsonObject {
  const copy = structuredClone(document);
  copy['servers'] = [{ url: serverUrl(options.serverUrl, options.basePath) }];
  const { schemes, requirements } = consumerSecurity(options.auth?.modes ?? ['key']);
  const components = isJsonObject(copy['components']) ? copy['components'] : {};
  delete components['securitySchemes'];
  if (Object.keys(schemes).length > 0) components['securitySchemes'] = schemes;
  if (Object.keys(components).length > 0) copy['components'] = components;
  if (requirements.length > 0) copy['security'] = requirements;
  else delete copy['security'];
  dropOperationSecurity(copy['paths']);
  return copy;
}

function serverUrl(base: string, basePath: string): string {
  const origin = base.replace(/\/+$/, '');
  return basePath === '/' ? `${origin}/` : `${origin}${basePath}`;
}

function consumerSecurity(modes: HttpAuthSpec['modes']): { schemes: JsonObject; requirements: JsonValue[] } {
  const schemes: JsonObject = {};
  const requirements: JsonValue[] = [];
  if (modes.includes('key')) {
    schemes['portico_api_key'] = {
      type: 'apiKey',
      in: 'header',
      name: 'x-api-key',
      description: 'A Portico API key of an app subscribed to this service.',
    };
    schemes['portico_bearer'] = {
      type: 'http',
      scheme: 'bearer',
      description: 'A Portico API key sent as `Authorization: Bearer <key>`.',
    };
    requirements.push({ portico_api_key: [] }, { portico_bearer: [] });
  }
  if (modes.includes('jwt')) {
    schemes['portico_jwt'] = {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'A JWT from an issuer this service trusts.',
    };
    requirements.push({ portico_jwt: [] });
  }
  // An empty requirement makes authentication optional, as anonymous access does.
  if (modes.includes('anonymous') && requirements.length > 0) requirements.push({});
  return { schemes, requirements };
}

function dropOperationSecurity(paths: JsonValue | undefined): void {
  if (!isJsonObject(paths)) return;
  for (const item of Object.values(paths)) {
    if (!isJsonObject(item)) continue;
    for (const key of operationKeys) {
      const operation = item[key];
      if (isJsonObject(operation)) delete operation['security'];
    }
  }
}
