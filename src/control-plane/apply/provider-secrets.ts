import type { Static } from 'typebox';
import type { providerSchema } from '../../config/config-schema.js';
import type { SecretBox } from '../../storage/secret-box.js';

/** A `providers` entry of the config file. */
export type ProviderEntry = Static<typeof providerSchema>;

/** The entry's secret fields; `headers` holds only the headers whose name looks like a credential. */
export interface ProviderSecrets {
  api_key?: string;
  api_keys?: string[];
  aws_access_key_id?: string;
  aws_secret_access_key?: string;
  aws_session_token?: string;
  service_account_json?: string;
  headers?: Record<string, string>;
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

const secretHeader = /auth|key|token|secret|password|cookie|credential|signature/i;

/** Whether a header (e.g. `Authorization`, `x-api-key`) carries a credential. */
export function isSecretHeader(name: string): boolean {
  return secretHeader.test(name);
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
  const headers = Object.entries(entry.headers ?? {});
  const plain = headers.filter(([name]) => !isSecretHeader(name));
  const secret = headers.filter(([name]) => isSecretHeader(name));
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

/** Opens a sealed `providers.secrets` value (null: none) back into its secret fields. */
export function openSecrets(box: SecretBox, sealed: string | null): ProviderSecrets {
  if (sealed === null) return {};
  const stored = JSON.parse(box.open(sealed)) as ProviderSecrets;
  if (stored.headers === undefined) return stored;
  const secret = Object.entries(stored.headers).filter(([name]) => isSecretHeader(name));
  const rest: ProviderSecrets = { ...stored };
  delete rest.headers;
  return secret.length === 0 ? rest : { ...rest, headers: Object.fromEntries(secret) };
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

function plainHeaders(spec: Record<string, unknown>): Record<string, string> {
  const headers = spec['headers'];
  return typeof headers === 'object' && headers !== null ? (headers as Record<string, string>) : {};
}
