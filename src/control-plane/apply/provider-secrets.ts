import type { Static } from 'typebox';
import type { providerSchema } from '../../config/config-schema.js';
import { providerTypes } from '../../providers/registry.js';
import type { SecretBox } from '../../storage/secret-box.js';

/** A `providers` entry of the config file. */
export type ProviderEntry = Static<typeof providerSchema>;

/**
 * The entry's secret fields. `headers` holds every header not declared in `public_headers`;
 * `base_url` is there only when the URL carries credentials (`user:pass@`, a query string).
 */
export interface ProviderSecrets {
  api_key?: string;
  api_keys?: string[];
  aws_access_key_id?: string;
  aws_secret_access_key?: string;
  aws_session_token?: string;
  service_account_json?: string;
  headers?: Record<string, string>;
  base_url?: string;
}

/** Fields of a provider entry that are credentials: sealed at rest, never answered. */
export const secretFieldNames = [
  'api_key',
  'api_keys',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'service_account_json',
] as const;

/** The header names an entry (or stored spec) declares non-secret, lower-cased. */
export function publicHeaderNames(entry: { public_headers?: unknown }): Set<string> {
  const names = Array.isArray(entry.public_headers) ? entry.public_headers : [];
  return new Set(
    names.filter((name): name is string => typeof name === 'string').map((name) => name.toLowerCase()),
  );
}

/** Whether a header's value is a secret: every header is, unless `public_headers` names it. */
export function isSecretHeader(name: string, publicNames: ReadonlySet<string>): boolean {
  return !publicNames.has(name.toLowerCase());
}

/** Whether a base URL carries credentials: user info or a query string (`?key=…`). */
export function hasUrlCredentials(text: string): boolean {
  try {
    const url = new URL(text);
    return url.username !== '' || url.password !== '' || url.search !== '';
  } catch {
    return false;
  }
}

/** The base URL with user info and query values replaced by `***`, for answers, exports and audit rows. */
export function maskUrlCredentials(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (url.username !== '') url.username = '***';
  if (url.password !== '') url.password = '***';
  const names = [...url.searchParams.keys()];
  url.search = '';
  const query = names.map((name) => `${encodeURIComponent(name)}=***`).join('&');
  return query === '' ? url.href : `${url.href}?${query}`;
}

/** The entry split into the stored spec (no id, type or secrets) and its secrets. */
export function splitProvider(entry: ProviderEntry): {
  spec: Record<string, unknown>;
  secrets: ProviderSecrets;
} {
  const spec: Record<string, unknown> = {};
  const secrets: ProviderSecrets & Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'id' || name === 'type' || value === undefined) continue;
    if ((secretFieldNames as readonly string[]).includes(name)) secrets[name] = value;
    else if (name !== 'headers') spec[name] = value;
  }
  if (entry.base_url !== undefined && hasUrlCredentials(entry.base_url)) {
    secrets.base_url = entry.base_url;
    spec['base_url'] = maskUrlCredentials(entry.base_url);
  }
  const publicNames = publicHeaderNames(entry);
  const headers = Object.entries(entry.headers ?? {});
  const plain = headers.filter(([name]) => !isSecretHeader(name, publicNames));
  const secret = headers.filter(([name]) => isSecretHeader(name, publicNames));
  if (entry.headers !== undefined) spec['headers'] = Object.fromEntries(plain);
  if (secret.length > 0) secrets['headers'] = Object.fromEntries(secret);
  return { spec, secrets };
}

/** True when the entry carries at least one secret (then it replaces the stored secrets). */
export function hasSecrets(secrets: ProviderSecrets): boolean {
  return Object.keys(secrets).length > 0;
}

/**
 * Seals the secrets for the `providers.secrets` column; null when there are none. The sealed
 * headers are the spec's plain headers plus the secret ones, because the store loader merges
 * spec and secrets field by field (see src/storage/load-governance.ts).
 */
export function sealSecrets(
  box: SecretBox,
  secrets: ProviderSecrets,
  spec: Record<string, unknown>,
): string | null {
  if (!hasSecrets(secrets)) return null;
  const stored: Record<string, unknown> = { ...secrets };
  if (secrets.headers !== undefined) stored['headers'] = { ...plainHeaders(spec), ...secrets.headers };
  return box.seal(JSON.stringify(stored));
}

/**
 * Opens a sealed `providers.secrets` value (null: none) back into its secret fields. Headers
 * stored unsealed in `spec` by an older version and not declared public count as secrets too,
 * so they are never answered.
 */
export function openSecrets(
  box: SecretBox,
  sealed: string | null,
  spec: Record<string, unknown>,
): ProviderSecrets {
  const stored = sealed === null ? {} : (JSON.parse(box.open(sealed)) as ProviderSecrets);
  const publicNames = publicHeaderNames(spec);
  const headers = { ...plainHeaders(spec), ...stored.headers };
  const secret = Object.entries(headers).filter(([name]) => isSecretHeader(name, publicNames));
  const rest: ProviderSecrets = { ...stored };
  delete rest.headers;
  return secret.length === 0 ? rest : { ...rest, headers: Object.fromEntries(secret) };
}

/** The spec as answered: only public headers, the base URL with its credentials masked. */
export function publicSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const publicNames = publicHeaderNames(spec);
  const shown: Record<string, unknown> = { ...spec };
  if (spec['headers'] !== undefined) {
    shown['headers'] = Object.fromEntries(
      Object.entries(plainHeaders(spec)).filter(([name]) => !isSecretHeader(name, publicNames)),
    );
  }
  if (typeof spec['base_url'] === 'string') shown['base_url'] = maskUrlCredentials(spec['base_url']);
  return shown;
}

/** Each set secret by its path (`api_key`, `api_keys[1]`, `headers.Authorization`) and value. */
export function secretValues(secrets: ProviderSecrets): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(secrets) as [string, unknown][]) {
    if (typeof value === 'string') values.set(name, value);
    else if (Array.isArray(value))
      value.forEach((item, index) => values.set(`${name}[${index}]`, String(item)));
    else if (name === 'headers' && typeof value === 'object' && value !== null) {
      for (const [header, text] of Object.entries(value)) values.set(`headers.${header}`, String(text));
    }
  }
  return values;
}

/** Which secrets are set, without their values: `{ api_key: 'set', 'headers.Authorization': 'set' }`. */
export function secretStatus(secrets: ProviderSecrets): Record<string, 'set'> {
  const status: Record<string, 'set'> = {};
  for (const path of secretValues(secrets).keys()) status[path.replace(/\[\d+\]$/, '')] = 'set';
  return status;
}

/** The whole config-file entry again: spec and secrets joined. */
export function joinProvider(
  id: string,
  type: string,
  spec: Record<string, unknown>,
  secrets: ProviderSecrets,
): ProviderEntry {
  const entry: Record<string, unknown> = { id, type, ...spec, ...secrets };
  if (secrets.headers !== undefined) entry['headers'] = { ...plainHeaders(spec), ...secrets.headers };
  return entry as ProviderEntry;
}

/**
 * Where an entry's credentials are sent: its type, base URL (the type's default when absent),
 * region and location. Changing any of them must come with the credentials again.
 */
export function secretDestination(entry: {
  type: string;
  base_url?: string | undefined;
  region?: string | undefined;
  location?: string | undefined;
}): string {
  const baseUrl = entry.base_url ?? providerTypes.get(entry.type)?.defaultBaseUrl ?? '';
  return JSON.stringify([entry.type, urlHost(baseUrl), entry.region ?? '', entry.location ?? '']);
}

/** Scheme, host, port and path of a URL, without its credentials or query. */
function urlHost(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return text;
  }
}

function plainHeaders(spec: Record<string, unknown>): Record<string, string> {
  const headers = spec['headers'];
  return typeof headers === 'object' && headers !== null ? (headers as Record<string, string>) : {};
}
