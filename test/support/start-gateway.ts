import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load-config.js';
import { startPortico, type RunningPortico } from '../../src/main.js';
import { createLogger } from '../../src/telemetry/create-logger.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
export async function startGateway(yaml: string, env: Record<string, string> = {}): Promise<TestGateway> {
  const directory = mkdtempSync(join(tmpdir(), 'portico-test-'));
  const file = join(directory, 'portico.yaml');
  writeFileSync(file, yaml);
  const config = loadConfig({ file, env, port: 0, host: '127.0.0.1' });
  config.server.shutdownGraceMs = 2_000;
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
