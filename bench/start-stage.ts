import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { findExecutable } from './find-executable.js';
import { findFreePort } from './find-free-port.js';
import { benchMasterKey, porticoBenchConfig } from './portico-bench-config.js';
import { startService, type Service } from './start-service.js';
import { transpileBench } from './transpile-bench.js';

const execFileAsync = promisify(execFile);

/** Fake upstream + one Portico with governance on (as the `portico` row of the default run). */
export interface Stage {
  directory: string;
  scriptsDirectory: string;
  fake: Service;
  portico: Service;
  storeFile: string;
  loopLagFile: string;
  pinned: boolean;
  stop(): Promise<void>;
}

/**
 * Starts the stage. `porticoArgs` are added to `portico start` (e.g. `--workers 2`); `pin: false`
 * leaves every process free to run on any core (the workers scenario needs both cores).
 */
export async function startStage(
  repositoryRoot: string,
  fakeArgs: string[],
  options: { porticoArgs?: string[]; pin?: boolean } = {},
): Promise<Stage> {
  const pinned = options.pin !== false && cpus().length >= 2 && findExecutable('taskset') !== undefined;
  if (pinned) await execFileAsync('taskset', ['-a', '-cp', '0', String(process.pid)]);
  const directory = mkdtempSync(join(tmpdir(), 'portico-bench-extra-'));
  const scriptsDirectory = transpileBench(join(directory, 'scripts'));
  const started: Service[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.splice(0).map((service) => service.stop()));
  };
  try {
    const fakePort = await findFreePort();
    const fake = await startService({
      name: 'fake-upstream',
      command: process.execPath,
      args: [join(scriptsDirectory, 'fake-upstream.js'), `--port=${fakePort}`, ...fakeArgs],
      cpus: pinned ? '0' : undefined,
      port: fakePort,
      logFile: join(directory, 'fake-upstream.log'),
    });
    started.push(fake);
    const storeDirectory = join(directory, 'portico-store');
    mkdirSync(storeDirectory, { recursive: true });
    const storeFile = join(storeDirectory, 'portico.db');
    const configFile = join(directory, 'portico.yaml');
    writeFileSync(
      configFile,
      porticoBenchConfig({ upstreamPort: fakePort, storageUrl: `sqlite:${storeFile}`, governance: true }),
    );
    const loopLagFile = join(directory, 'portico-loop-lag.jsonl');
    const porticoPort = await findFreePort();
    const portico = await startService({
      name: 'portico',
      command: process.execPath,
      args: [
        '--import',
        pathToFileURL(join(scriptsDirectory, 'loop-lag-probe.js')).href,
        join(repositoryRoot, 'bin/portico.js'),
        'start',
        ...['--config', configFile, '--port', String(porticoPort), '--host', '127.0.0.1'],
        ...(options.porticoArgs ?? []),
      ],
      cpus: pinned ? '1' : undefined,
      port: porticoPort,
      logFile: join(directory, 'portico.log'),
      env: {
        ...process.env,
        PORTICO_MASTER_KEY: benchMasterKey,
        DATABASE_URL: undefined,
        BENCH_LOOP_LAG_FILE: loopLagFile,
      },
    });
    started.push(portico);
    await sleep(1000);
    return { directory, scriptsDirectory, fake, portico, storeFile, loopLagFile, pinned, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
