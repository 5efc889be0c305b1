import cluster from 'node:cluster';
import { dirname } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { startClusterPrimary } from '../cluster/start-cluster-primary.js';
import { startClusterWorker } from '../cluster/start-cluster-worker.js';
import type { PorticoConfig } from '../config/portico-config.js';
import { findConfigFile } from '../config/find-config-file.js';
import { loadConfig } from '../config/load-config.js';
import { startPortico, type RunningPortico } from '../main.js';
import { createLogger, flushLoggerOnExit, type Logger } from '../telemetry/create-logger.js';
import { announceBootstrapAdmin } from './announce-bootstrap-admin.js';

export interface StartOptions {
  config?: string;
  port?: number;
  host?: string;
  adminPort?: number;
  /** Data-plane worker processes; 1 (default) serves everything in this one process. */
  workers?: number;
}

/**
 * `portico start`: load config, start the data plane, stop cleanly on SIGTERM/SIGINT. With
 * `--workers N` this process becomes the cluster primary, and the N workers it forks run this
 * same command again and land in `startClusterWorker`.
 */
export async function startCommand(options: StartOptions): Promise<void> {
  const file = findConfigFile(options.config);
  const config = loadConfig({
    ...(file === undefined ? {} : { file }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
  });
  if (options.adminPort !== undefined) config.controlPlane.port = options.adminPort;
  const logger = createLogger(config.logging.level);
  flushLoggerOnExit(logger);
  if (cluster.isWorker) {
    await startClusterWorker(config, logger);
    restoreYoungGenerationGrowth();
    return;
  }
  const workers = options.workers ?? 1;
  const running =
    workers > 1 ? await startClusterPrimary(config, logger, workers) : await startPortico(config, logger);
  restoreYoungGenerationGrowth();
  announce(logger, config, running);
  if (workers > 1) logger.info({ workers }, `serving the data plane with ${workers} worker processes`);
  const stop = (signal: string): void => {
    logger.info(
      { signal, graceMs: config.server.shutdownGraceMs },
      'shutting down: draining in-flight requests',
    );
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** Started: let the young generation grow under load again (V8's default factor; see bin/portico.js). */
function restoreYoungGenerationGrowth(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
}

function announce(logger: Logger, config: PorticoConfig, running: RunningPortico): void {
  logger.info(
    {
      config: config.source ?? null,
      store: running.store.location,
      providers: config.providers.map((p) => `${p.id} (${p.type})`),
      models: config.models.map((m) => m.name),
    },
    `Portico listening: OpenAI-compatible API at ${running.url}`,
  );
  if (running.adminUrl !== undefined) {
    logger.info(`Admin API at ${running.adminUrl}/api/admin (OpenAPI at ${running.adminUrl}/api/docs)`);
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
