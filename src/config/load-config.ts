import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import { allSchemaProblems } from '../core/schema-error.js';
import { WebhookTargetPolicy } from '../policy/webhook-target-policy.js';
import { buildRoutePolicy } from './build-route-policy.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { configFileValidator, type ConfigFile } from './config-schema.js';
import { buildProvider, toModelPrices } from './build-provider.js';
import { inlineOpenApiFiles } from './inline-openapi-files.js';
import { interpolateEnv } from './interpolate-env.js';
import type { ProviderConfig } from '../providers/provider-config.js';
import type { CorsSettings, ModelRoute, PorticoConfig } from './portico-config.js';

/** Longest an access line waits for others to share its write (why: pipeline/account/access-log-writer.ts). */
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

/**
 * Reads, interpolates and validates the config; throws one ConfigError naming the file and every
 * problem found: all unset variables and schema problems, or (once the shape is valid) every
 * semantic one (unknown or duplicate ids, missing keys, bad URLs), so one edit fixes the file.
 */
export function loadConfig(options: LoadConfigOptions = {}): PorticoConfig {
  const file = options.file;
  const text = file === undefined ? '' : readText(file);
  const raw = file === undefined ? {} : parseYaml(file, text);
  const label = file ?? '(defaults)';
  const problems: ConfigProblem[] = [];
  const env = options.env ?? process.env;
  const resolved = interpolateEnv(raw ?? {}, env, label, problems);
  if (!configFileValidator.Check(resolved)) {
    problems.push(...allSchemaProblems(configFileValidator.Errors(resolved), configFileValidator.Type()));
    throw refusal(label, problems);
  }
  const built = buildConfig(resolved, label, options, env, problems);
  const document = file === undefined ? resolved : inlineOpenApiFiles(resolved, dirname(file), problems);
  if (problems.length > 0) throw refusal(label, problems);
  return { ...built, document, documentText: text };
}

/** One error for every problem; a path reported twice (an unset variable read as empty) counts once. */
function refusal(label: string, problems: readonly ConfigProblem[]): ConfigError {
  const byPath = new Map<string, ConfigProblem>();
  for (const problem of problems) if (!byPath.has(problem.path)) byPath.set(problem.path, problem);
  return ConfigError.of(label, [...byPath.values()]) ?? new ConfigError(label, '', 'is invalid');
}

function buildCors(cors: NonNullable<NonNullable<ConfigFile['server']>['cors']>): CorsSettings {
  return {
    origins: cors.origins,
    ...(cors.headers === undefined ? {} : { headers: cors.headers }),
    ...(cors.expose_headers === undefined ? {} : { exposeHeaders: cors.expose_headers }),
    credentials: cors.credentials ?? false,
    maxAgeSeconds: cors.max_age_s ?? 600,
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
  const error = ConfigError.of(
    file,
    document.errors.map((problem) => {
      const line = problem.linePos?.[0];
      return {
        path: line === undefined ? '' : `line ${line.line}`,
        problem: `invalid YAML: ${problem.code}`,
      };
    }),
  );
  if (error !== undefined) throw error;
  return document.toJS() as unknown;
}

function buildConfig(
  file: ConfigFile,
  label: string,
  options: LoadConfigOptions,
  env: Readonly<Record<string, string | undefined>>,
  problems: ConfigProblem[],
): Omit<PorticoConfig, 'document' | 'documentText'> {
  const databaseUrl = env['DATABASE_URL'];
  const masterKey = env['PORTICO_MASTER_KEY'];
  const bootstrapPassword = env['PORTICO_ADMIN_PASSWORD'];
  const { providers, models } = collectResources(file, label, problems);
  const providerIds = new Set(providers.map((provider) => provider.id));
  // Checked on the file only: a store written before this rule must still load.
  models.forEach((model, index) => {
    const shadowed = shadowedProvider(model.name, providerIds);
    if (shadowed !== undefined) {
      problems.push({
        path: `models[${index}].name`,
        problem: `'${model.name}' would shadow the direct names of provider '${shadowed}'; choose a name that does not start with '${shadowed}/'`,
      });
    }
  });
  const keys = file.keys ?? [];
  checkUnique(
    keys.map((key) => key.name),
    'keys',
    'name',
    problems,
  );
  return {
    source: options.file,
    server: {
      host: options.host ?? file.server?.host,
      port: options.port ?? file.server?.port ?? 8080,
      maxBodyBytes: mebibytes(file.server?.max_body_mb ?? 32),
      maxBodiesInFlightBytes: bodiesInFlightBytes(file.server, label),
      lingeringTimeMs: file.server?.lingering_time_ms ?? 5_000,
      lingeringMaxBytes: mebibytes(file.server?.lingering_max_mb ?? 64),
      shutdownGraceMs: file.server?.shutdown_grace_ms ?? 10_000,
      directModelAccess: file.server?.direct_model_access ?? false,
      directModelTenants: file.server?.direct_model_tenants ?? [],
      ...(file.server?.cors === undefined ? {} : { cors: buildCors(file.server.cors) }),
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
      allowedOrigins: (file.control_plane?.allowed_origins ?? []).map((origin) => origin.toLowerCase()),
      ...(bootstrapPassword === undefined || bootstrapPassword === '' ? {} : { bootstrapPassword }),
    },
    pricing:
      file.pricing?.default === undefined ? {} : { defaultPrices: toModelPrices(file.pricing.default) },
    webhooks: { allowPrivateTargets: checkedWebhookTargets(file, problems) },
    providers,
    models,
    keys: keys.map((key) => ({ name: key.name, key: key.key })),
  };
}

/**
 * Providers and routes from their file-format entries, checked as a whole (unique ids, known
 * providers). The config file and the store (which keeps the same entries) both resolve here.
 * Throws one ConfigError listing every problem.
 */
export function buildResources(
  file: Pick<ConfigFile, 'providers' | 'models'>,
  label: string,
): { providers: ProviderConfig[]; models: ModelRoute[] } {
  const problems: ConfigProblem[] = [];
  const built = collectResources(file, label, problems);
  const error = ConfigError.of(label, problems);
  if (error !== undefined) throw error;
  return built;
}

/** As `buildResources`, pushing problems onto `problems` instead of throwing at the first. */
function collectResources(
  file: Pick<ConfigFile, 'providers' | 'models'>,
  label: string,
  problems: ConfigProblem[],
): { providers: ProviderConfig[]; models: ModelRoute[] } {
  const entries = file.providers ?? [];
  const providers = entries.flatMap((provider, index) =>
    collect(problems, () => buildProvider(provider, `providers[${index}]`, label)),
  );
  checkUnique(
    entries.map((provider) => provider.id),
    'providers',
    'id',
    problems,
  );
  // Every declared id, valid or not: a provider with one problem should not make its routes a second.
  const providerIds = new Set(entries.map((provider) => provider.id));
  const models = file.models ?? [];
  checkUnique(
    models.map((model) => model.name),
    'models',
    'name',
    problems,
  );

  models.forEach((model, modelIndex) =>
    model.targets.forEach((target, targetIndex) => {
      if (!providerIds.has(target.provider)) {
        problems.push({
          path: `models[${modelIndex}].targets[${targetIndex}].provider`,
          problem: `unknown provider '${target.provider}' (declared: ${[...providerIds].join(', ') || 'none'})`,
        });
      }
    }),
  );
  return {
    providers,
    models: models.flatMap((model, index) =>
      collect(problems, () => ({
        name: model.name,
        targets: model.targets.map((target) => ({
          provider: target.provider,
          model: target.model,
          weight: target.weight ?? 1,
        })),
        policy: buildRoutePolicy(model, `models[${index}]`, label),
      })),
    ),
  };
}

/** `[build()]`, or `[]` with its ConfigError's problems pushed onto `problems`. */
function collect<T>(problems: ConfigProblem[], build: () => T): T[] {
  try {
    return [build()];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
    return [];
  }
}

/**
 * The provider whose direct names (`<provider-id>/<model>`) a route name would take over, if
 * any: a route of that name would capture calls meant for the provider (docs/security.md).
 */
export function shadowedProvider(routeName: string, providerIds: ReadonlySet<string>): string | undefined {
  const slash = routeName.indexOf('/');
  if (slash <= 0) return undefined;
  const prefix = routeName.slice(0, slash);
  return providerIds.has(prefix) ? prefix : undefined;
}

function checkUnique(values: string[], section: string, field: string, problems: ConfigProblem[]): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value))
      problems.push({ path: `${section}[${index}].${field}`, problem: `duplicate ${field} '${value}'` });
    seen.add(value);
  });
}

function mebibytes(value: number): number {
  return Math.round(value * 1024 * 1024);
}

/** `server.max_bodies_in_flight_mb`, or its default: 256 MiB and at least one largest body. */
function bodiesInFlightBytes(server: ConfigFile['server'], label: string): number {
  const maxBodyBytes = mebibytes(server?.max_body_mb ?? 32);
  const configured = server?.max_bodies_in_flight_mb;
  if (configured === undefined) return Math.max(256 * 1024 * 1024, maxBodyBytes);
  if (mebibytes(configured) < maxBodyBytes) {
    throw new ConfigError(
      label,
      'server.max_bodies_in_flight_mb',
      `must be at least server.max_body_mb (${server?.max_body_mb ?? 32}), or no body of the largest size could ever be read`,
    );
  }
  return mebibytes(configured);
}

/** `webhooks.allow_private_targets`, each entry checked the way the alerter will read it. */
function checkedWebhookTargets(file: ConfigFile, problems: ConfigProblem[]): string[] {
  const entries = file.webhooks?.allow_private_targets ?? [];
  entries.forEach((entry, index) => {
    try {
      new WebhookTargetPolicy([entry]);
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      problems.push({ path: `webhooks.allow_private_targets[${index}]`, problem });
    }
  });
  return entries;
}
