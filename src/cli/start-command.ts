import cluster from 'node:cluster';
import { dirname } from 'node:path';
import pc from 'picocolors';
import { setFlagsFromString } from 'node:v8';
import { startClusterPrimary } from '../cluster/start-cluster-primary.js';
import { startClusterWorker } from '../cluster/start-cluster-worker.js';
import type { PorticoConfig } from '../config/portico-config.js';
import { findConfigFile } from '../config/find-config-file.js';
import { loadConfig } from '../config/load-config.js';
import { startPortico, type RunningPortico } from '../runtime/start-portico.js';
import { createLogger, flushLoggerOnExit, type LogFormat, type Logger } from '../telemetry/create-logger.js';
import { announceBootstrapAdmin } from './announce-bootstrap-admin.js';

export interface StartOptions {
  config?: string;
  port?: number;
  host?: string;
  adminPort?: number;
  /** Data-plane worker processes; 1 (default) serves everything in this one process. */
  workers?: number;
  /** `pretty` for people, `json` for log pipelines; default pretty when stdout is a terminal. */
  logFormat?: LogFormat;
}

/**
 * `portico start`: load config, start the data plane, stop cleanly on SIGTERM/SIGINT, also one
 * that arrives while starting. With `--workers N` this process becomes the cluster primary, and
 * the N workers it forks run this same command again and land in `startClusterWorker`.
 */
export async function startCommand(options: StartOptions): Promise<void> {
  const file = findConfigFile(options.config);
  const config = loadConfig({
    ...(file === undefined ? {} : { file }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
  });
  if (options.adminPort !== undefined) config.controlPlane.port = options.adminPort;
  const terminal = process.stdout.isTTY;
  const logger = createLogger(
    config.logging.level,
    undefined,
    options.logFormat ?? (terminal ? 'pretty' : 'json'),
    terminal && pc.isColorSupported,
  );
  flushLoggerOnExit(logger);
  if (cluster.isWorker) {
    await startClusterWorker(config, logger);
    restoreYoungGenerationGrowth();
    return;
  }
  const shutdown = handleStopSignals(logger, config);
  logger.info({ config: config.source ?? null, pid: process.pid }, 'starting Portico');
  const workers = options.workers ?? 1;
  const running =
    workers > 1 ? await startClusterPrimary(config, logger, workers) : await startPortico(config, logger);
  restoreYoungGenerationGrowth();
  announce(logger, config, running);
  if (workers > 1) logger.info({ workers }, `serving the data plane with ${workers} worker processes`);
  shutdown.started(running);
}

/**
 * Listens for SIGTERM and SIGINT from the very start: a signal while starting stops Portico as
 * soon as start-up finished (drained, flushed, closed, exit 0), never half-way with nothing
 * flushed. A repeated signal is ignored (npm and a terminal may both deliver one).
 */
function handleStopSignals(
  logger: Logger,
  config: PorticoConfig,
): { started(running: RunningPortico): void } {
  let running: RunningPortico | undefined;
  let requested: string | undefined;
  const stop = (target: RunningPortico, signal: string): void => {
    logger.info(
      { signal, graceMs: config.server.shutdownGraceMs },
      'shutting down: draining in-flight requests',
    );
    void target.close().then(() => process.exit(0));
  };
  const onSignal = (signal: string): void => {
    if (requested !== undefined) return;
    requested = signal;
    if (running !== undefined) stop(running, signal);
    else logger.info({ signal }, 'shutting down as soon as start-up has finished');
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    started(started) {
      running = started;
      if (requested !== undefined) stop(started, requested);
    },
  };
}

/** Started: let the young generation grow under load again (V8's default factor; see bin/portico.js). */
function restoreYoungGenerationGrowth(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
}

function announce(logger: Logger, config: PorticoConfig, running: RunningPortico): void {
  const { host, port, reason } = running.address;
  const bound = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info(
    {
      address: host,
      port,
      config: config.source ?? null,
      store: running.store.location,
      providers: config.providers.map((p) => `${p.id} (${p.type})`),
      models: config.models.map((m) => m.name),
    },
    `Portico listening on ${bound}${reachLabel(host)}: OpenAI-compatible API at ${running.url}`,
  );
  if (reason === 'no-keys-loopback') {
    logger.warn(
      `No API key exists, so the data plane listens on ${bound} only: other machines cannot reach it. ` +
        'To serve them, create a key (portico keys create, or `keys:` in the config file) and restart: ' +
        'with keys Portico listens on every interface. Or name the address (server.host in the config, ' +
        'or --host 0.0.0.0) to open it without keys.',
    );
  } else if (reason === 'keys-all-interfaces') {
    logger.info(
      `API keys exist, so the data plane listens on every interface (${bound}); set server.host or --host to narrow it.`,
    );
  }
  if (running.adminUrl !== undefined) {
    logger.info(`Admin API at ${running.adminUrl}/api/admin (OpenAPI at ${running.adminUrl}/api/docs)`);
    logger.info(`Web console at ${running.adminUrl}/ (developer portal at ${running.adminUrl}/portal)`);
  }
  if (running.bootstrappedAdmin !== undefined) {
    announceBootstrapAdmin(logger, running.bootstrappedAdmin, {
      terminal: process.stdout.isTTY,
      write: (text) => process.stdout.write(text),
      dataDirectory: dirname(config.storage.masterKeyFile),
    });
  }
  if (config.providers.length === 0) {
    logger.warn(
      'No provider is configured, so every model call will answer 503. Add one to portico.yaml, e.g.\n' +
        'providers:\n  - id: openai\n    type: openai\n    api_key: ${OPENAI_API_KEY}\n' +
        'and start with `portico start --config portico.yaml` (see docs/configuration.md).',
    );
  }
  if (!running.keysRequired()) {
    logger.warn(
      'No API key exists: the data plane is open to anyone who can reach it. Create one (portico keys create, or `keys:` in the config file) to require keys.',
    );
  } else {
    logger.info('API keys required (Authorization: Bearer <key> or x-api-key)');
  }
}

/** What a bound address means for who can connect. */
function reachLabel(host: string): string {
  if (host === '0.0.0.0' || host === '::') return ' (every interface)';
  if (host.startsWith('127.') || host === '::1') return ' (this machine only)';
  return '';
}
