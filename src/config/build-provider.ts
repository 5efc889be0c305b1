import { readFileSync } from 'node:fs';
import type { ModelPrices } from '../catalog/model-catalog.js';
import { providerTypes } from '../providers/registry.js';
import { ConfigError } from './config-error.js';
import type { ConfigFile, ModelPricesEntry } from './config-schema.js';
import type { CloudSettings, ProviderConfig } from '../providers/provider-config.js';

type ProviderEntry = NonNullable<ConfigFile['providers']>[number];

/** One `providers:` entry, validated against its type and with defaults applied; throws ConfigError. */
export function buildProvider(entry: ProviderEntry, path: string, label: string): ProviderConfig {
  const type = providerTypes.get(entry.type);
  if (type === undefined) {
    throw new ConfigError(
      label,
      `${path}.type`,
      `unknown provider type '${entry.type}' (known: ${[...providerTypes.keys()].join(', ')})`,
    );
  }
  const cloud = buildCloud(entry, path, label);
  const problem = type.checkCloud?.(cloud)[0];
  if (problem !== undefined) {
    throw new ConfigError(label, `${path}.${problem.field}`, `${problem.problem} for type '${entry.type}'`);
  }
  const baseUrl = entry.base_url ?? type.defaultBaseUrl ?? type.baseUrlFor?.(cloud);
  if (baseUrl === undefined)
    throw new ConfigError(label, `${path}.base_url`, `is required for type '${entry.type}'`);
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) {
    throw new ConfigError(label, `${path}.base_url`, `must be an http:// or https:// URL, got '${baseUrl}'`);
  }
  const apiKeys = [entry.api_key, ...(entry.api_keys ?? [])].filter(
    (key): key is string => key !== undefined && key !== '',
  );
  if (type.requiresApiKey && apiKeys.length === 0) {
    throw new ConfigError(
      label,
      `${path}.api_key`,
      `is required for type '${entry.type}' (e.g. api_key: \${API_KEY_VARIABLE})`,
    );
  }
  const timeouts = entry.timeouts ?? {};
  const provider: ProviderConfig = {
    id: entry.id,
    type: entry.type,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: Object.fromEntries(
      Object.entries(entry.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    timeouts: {
      connectMs: timeouts.connect_ms ?? 10_000,
      firstByteMs: timeouts.first_byte_ms ?? 300_000,
      idleMs: timeouts.idle_ms ?? 300_000,
      totalMs: timeouts.total_ms ?? 1_800_000,
    },
    apiKeys,
    prices: Object.fromEntries(
      Object.entries(entry.prices ?? {}).map(([model, prices]) => [model, toModelPrices(prices)]),
    ),
    ...(apiKeys[0] === undefined ? {} : { apiKey: apiKeys[0] }),
    ...(entry.api_version === undefined ? {} : { apiVersion: entry.api_version }),
    cloud,
  };
  return provider;
}

/** Config-file prices (snake_case) in the catalogue's shape. */
export function toModelPrices(entry: ModelPricesEntry): ModelPrices {
  const prices: ModelPrices = { input: entry.input, output: entry.output };
  if (entry.cached_input !== undefined) prices.cachedInput = entry.cached_input;
  if (entry.cache_write !== undefined) prices.cacheWrite = entry.cache_write;
  if (entry.reasoning !== undefined) prices.reasoning = entry.reasoning;
  return prices;
}

function buildCloud(entry: ProviderEntry, path: string, label: string): CloudSettings {
  const present = (value: string | undefined): value is string => value !== undefined && value !== '';
  let serviceAccountJson = entry.service_account_json;
  if (present(entry.service_account_file)) {
    try {
      serviceAccountJson = readFileSync(entry.service_account_file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new ConfigError(
        label,
        `${path}.service_account_file`,
        `cannot read ${entry.service_account_file} (${code})`,
      );
    }
  }
  const cloud: CloudSettings = {};
  if (present(entry.region)) cloud.region = entry.region;
  if (present(entry.aws_access_key_id)) cloud.awsAccessKeyId = entry.aws_access_key_id;
  if (present(entry.aws_secret_access_key)) cloud.awsSecretAccessKey = entry.aws_secret_access_key;
  if (present(entry.aws_session_token)) cloud.awsSessionToken = entry.aws_session_token;
  if (present(entry.project)) cloud.project = entry.project;
  if (present(entry.location)) cloud.location = entry.location;
  if (present(serviceAccountJson)) cloud.serviceAccountJson = serviceAccountJson;
  return cloud;
}
