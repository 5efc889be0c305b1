import type { PorticoConfig } from '../config/portico-config.js';
import { findConfigFile } from '../config/find-config-file.js';
import { loadConfig } from '../config/load-config.js';
import { startPortico } from '../main.js';
import { createLogger, type Logger } from '../telemetry/create-logger.js';

export interface StartOptions {
  config?: string;
  port?: number;
  host?: string;
}

/** `portico start`: load config, start the data plane, stop cleanly on SIGTERM/SIGINT. */
export async function startCommand(options: StartOptions): Promise<void> {
  const file = findConfigFile(options.config);
  const config = loadConfig({
    ...(file === undefined ? {} : { file }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
  });
  const logger = createLogger(config.logging.level);
  const running = await startPortico(config, logger);
  announce(logger, config, running.url);
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

function announce(logger: Logger, config: PorticoConfig, url: string): void {
  logger.info(
    {
      config: config.source ?? null,
      providers: config.providers.map((p) => `${p.id} (${p.type})`),
      models: config.models.map((m) => m.name),
    },
    `Portico listening: OpenAI-compatible API at ${url}`,
  );
  if (config.providers.length === 0) {
    logger.warn(
      'No provider is configured, so every model call will answer 503. Add one to portico.yaml, e.g.\n' +
        'providers:\n  - id: openai\n    type: openai\n    api_key: ${OPENAI_API_KEY}\n' +
        'and start with `portico start --config portico.yaml` (see docs/configuration.md).',
    );
  }
  if (config.keys.length === 0) {
    logger.warn(
      'No API keys are configured: the data plane is open to anyone who can reach it. Add `keys:` to require one.',
    );
  } else {
    logger.info(
      { keys: config.keys.map((key) => key.name) },
      'API keys required (Authorization: Bearer <key> or x-api-key)',
    );
  }
}
