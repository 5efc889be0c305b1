import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load-config.js';
import { startPortico, type RunningPortico } from '../../src/runtime/start-portico.js';
import { createLogger } from '../../src/telemetry/create-logger.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fixed master key for tests (64 hex chars), so nothing is written to ./data. */
export const testMasterKey = '0f'.repeat(32);
/** The bootstrap admin's password in tests. */
export const testAdminPassword = 'test-admin-password-1';

export interface GatewayOptions {
  /** Store URL; default a fresh in-memory SQLite store. */
  storeUrl?: string;
  /** Start the admin API too (on a free port). Default false. */
  controlPlane?: boolean;
  adminPassword?: string;
}

/** A Portico started in this process on a free port, with its log lines captured. */
export interface TestGateway extends RunningPortico {
  /** Parsed JSON log lines written so far. */
  logs(): Record<string, unknown>[];
  /** Raw log text, to check that nothing sensitive was written. */
  rawLogs(): string;
}

/**
 * Starts Portico from YAML text exactly as `portico start --config` would (same loader, same
 * validation), on 127.0.0.1 and port 0.
 */
export async function startGateway(
  yaml: string,
  env: Record<string, string> = {},
  options: GatewayOptions = {},
): Promise<TestGateway> {
  const directory = mkdtempSync(join(tmpdir(), 'portico-test-'));
  const file = join(directory, 'portico.yaml');
  writeFileSync(file, yaml);
  const config = loadConfig({ file, env, port: 0, host: '127.0.0.1' });
  config.server.shutdownGraceMs = 2_000;
  config.storage.url = options.storeUrl ?? ':memory:';
  // Tests read a request's access line as soon as its answer arrived: write lines at each turn's end.
  config.logging.accessFlushMs = 0;
  config.storage.masterKey ??= testMasterKey;
  config.storage.masterKeyFile = join(directory, 'master.key');
  config.controlPlane.enabled = options.controlPlane === true;
  config.controlPlane.port = 0;
  config.controlPlane.bootstrapPassword = options.adminPassword ?? testAdminPassword;
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  const logger = createLogger('info', sink);
  const running = await startPortico(config, logger);
  return {
    ...running,
    rawLogs: () => text,
    logs: () =>
      text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
