import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { firstSchemaProblem } from '../core/schema-error.js';
import { providerTypes } from '../providers/registry.js';
import { buildRoutePolicy } from './build-route-policy.js';
import { ConfigError } from './config-error.js';
import { configFileValidator, type ConfigFile } from './config-schema.js';
import { interpolateEnv } from './interpolate-env.js';
import type { CloudSettings, ModelRoute, PorticoConfig, ProviderConfig } from './portico-config.js';

/** Longest an access line waits for others to share its write (why: access-log-writer.ts). */
const defaultAccessFlushMs = 20;

export interface LoadConfigOptions {
  /** YAML file; when absent Portico starts with no providers. */
  file?: string;
  /** Environment for `${VAR}` references; defaults to the process environment. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Command-line overrides, applied after the file. */
  port?: number;
  host?: string;
}

/** Reads, interpolates and validates the config; throws ConfigError naming file and path. */
export function loadConfig(options: LoadConfigOptions = {}): PorticoConfig {
  const file = options.file;
  const text = file === undefined ? '' : readText(file);
  const raw = file === undefined ? {} : parseYaml(file, text);
  const label = file ?? '(defaults)';
  const resolved = interpolateEnv(raw ?? {}, options.env ?? process.env, label);
  if (!configFileValidator.Check(resolved)) {
    const { path, problem } = firstSchemaProblem(configFileValidator.Errors(resolved));
    throw new ConfigError(label, path, problem);
  }
  return {
    ...buildConfig(resolved, label, options, options.env ?? process.env),
    document: resolved,
    documentText: text,
  };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, '', `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function parseYaml(file: string, text: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const line = first.linePos?.[0];
    throw new ConfigError(file, line === undefined ? '' : `line ${line.line}`, `invalid YAML: ${first.code}`);
  }
  return document.toJS() as unknown;
}

function buildConfig(
  file: ConfigFile,
  label: string,
  options: LoadConfigOptions,
  env: Readonly<Record<string, string | undefined>>,
): Omit<PorticoConfig, 'document' | 'documentText'> {
  const databaseUrl = env['DATABASE_URL'];
  const masterKey = env['PORTICO_MASTER_KEY'];
  const bootstrapPassword = env['PORTICO_ADMIN_PASSWORD'];
  const { providers, models } = buildResources(file, label);
  const keys = file.keys ?? [];
  assertUnique(
    keys.map((key) => key.name),
    'keys',
    'name',
    label,
  );
  return {
    source: options.file,
    server: {
      host: options.host ?? file.server?.host,
      port: options.port ?? file.server?.port ?? 8080,
      maxBodyBytes: Math.round((file.server?.max_body_mb ?? 32) * 1024 * 1024),
      shutdownGraceMs: file.server?.shutdown_grace_ms ?? 10_000,
      directModelAccess: file.server?.direct_model_access ?? true,
    },
    logging: {
      level: file.logging?.level ?? 'info',
      accessFlushMs: file.logging?.access_flush_ms ?? defaultAccessFlushMs,
    },
    storage: {
      url:
        databaseUrl !== undefined && databaseUrl !== ''
          ? databaseUrl
          : (file.storage?.url ?? 'sqlite:./data/portico.db'),
      masterKeyFile: file.storage?.master_key_file ?? './data/master.key',
      ...(masterKey === undefined || masterKey === '' ? {} : { masterKey }),
    },
    callLog: {
      retentionDays: file.call_log?.retention_days ?? 30,
      maxRows: file.call_log?.max_rows ?? 10_000_000,
      flushIntervalMs: file.call_log?.flush_interval_ms ?? 1_000,
    },
    controlPlane: {
      enabled: file.control_plane?.enabled ?? true,
      host: file.control_plane?.host ?? '127.0.0.1',
      port: file.control_plane?.port ?? 8081,
      ...(bootstrapPassword === undefined || bootstrapPassword === '' ? {} : { bootstrapPassword }),
    },
    providers,
    models,
    keys: keys.map((key) => ({ name: key.name, key: key.key })),
  };
}

/**
 * Providers and routes from their file-format entries, checked as a whole (unique ids, known
 * providers). The config file and the store (which keeps the same entries) both resolve here.
 */
export function buildResources(
  file: Pick<ConfigFile, 'providers' | 'models'>,
  label: string,
): { providers: ProviderConfig[]; models: ModelRoute[] } {
  const providers = (file.providers ?? []).map((provider, index) =>
    buildProvider(provider, `providers[${index}]`, label),
  );
  assertUnique(
    providers.map((provider) => provider.id),
    'providers',
    'id',
    label,
  );
  const providerIds = new Set(providers.map((provider) => provider.id));
  const models = file.models ?? [];
  assertUnique(
    models.map((model) => model.name),
    'models',
    'name',
    label,
  );
  models.forEach((model, modelIndex) =>
    model.targets.forEach((target, targetIndex) => {
      if (!providerIds.has(target.provider)) {
        throw new ConfigError(
          label,
          `models[${modelIndex}].targets[${targetIndex}].provider`,
          `unknown provider '${target.provider}' (declared: ${[...providerIds].join(', ') || 'none'})`,
        );
      }
    }),
  );
  return {
    providers,
    models: models.map((model, index) => ({
      name: model.name,
      targets: model.targets.map((target) => ({
        provider: target.provider,
        model: target.model,
        weight: target.weight ?? 1,
      })),
      policy: buildRoutePolicy(model, `models[${index}]`, label),
    })),
  };
}

type ProviderEntry = NonNullable<ConfigFile['providers']>[number];

function buildProvider(entry: ProviderEntry, path: string, label: string): ProviderConfig {
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
    ...(apiKeys[0] === undefined ? {} : { apiKey: apiKeys[0] }),
    ...(entry.api_version === undefined ? {} : { apiVersion: entry.api_version }),
    cloud,
  };
  return provider;
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

function assertUnique(values: string[], section: string, field: string, label: string): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value))
      throw new ConfigError(label, `${section}[${index}].${field}`, `duplicate ${field} '${value}'`);
    seen.add(value);
  });
}
