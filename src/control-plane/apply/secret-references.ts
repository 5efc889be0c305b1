import { parseDocument } from 'yaml';
import { isSecretHeader, publicHeaderNames, secretFieldNames } from './provider-secrets.js';

const wholeReference = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}$/;

/**
 * The environment variables that provider secrets are read from, per provider id and secret
 * path (`api_key`, `api_keys[0]`, `headers.Authorization`): `${OPENAI_API_KEY}` gives
 * `{ api_key: 'OPENAI_API_KEY' }`. Only values that are one whole reference count; literal
 * secrets and text around a reference leave no record. Unparsable text gives an empty map.
 */
export function secretReferences(rawYamlText: string): Map<string, Record<string, string>> {
  const references = new Map<string, Record<string, string>>();
  const document = parseDocument(rawYamlText);
  if (document.errors.length > 0) return references;
  const root = document.toJS() as unknown;
  const providers = isRecord(root) ? root['providers'] : undefined;
  if (!Array.isArray(providers)) return references;
  for (const provider of providers) {
    if (!isRecord(provider) || typeof provider['id'] !== 'string') continue;
    const found: Record<string, string> = {};
    for (const field of secretFieldNames) {
      const value = provider[field];
      if (Array.isArray(value)) value.forEach((item, index) => note(found, `${field}[${index}]`, item));
      else note(found, field, value);
    }
    const headers = provider['headers'];
    const publicNames = publicHeaderNames(provider);
    if (isRecord(headers)) {
      for (const [name, value] of Object.entries(headers)) {
        if (isSecretHeader(name, publicNames)) note(found, `headers.${name}`, value);
      }
    }
    if (Object.keys(found).length > 0) references.set(provider['id'], found);
  }
  return references;
}

function note(found: Record<string, string>, path: string, value: unknown): void {
  const match = typeof value === 'string' ? wholeReference.exec(value) : null;
  if (match?.[1] !== undefined) found[path] = match[1];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
