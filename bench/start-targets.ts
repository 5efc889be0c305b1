import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Skip, TargetName } from './bench-result.js';
import { findExecutable } from './find-executable.js';
import { findFreePort } from './find-free-port.js';
import { nginxConfig } from './nginx-config.js';
import { benchApiKey, benchMasterKey, porticoBenchConfig } from './portico-bench-config.js';
import type { TargetEndpoint } from './preflight-target.js';
import { readRssMb, withChildren } from './process-stats.js';
import { startService, type Service } from './start-service.js';

/** A target ready to be loaded. */
export interface RunningTarget extends TargetEndpoint {
  /** Processes whose CPU and memory are the target's cost; empty for `direct` (that is the fake). */
  pids: number[];
  /** The Portico instance behind it, whose access log is summarized after the run. */
  portico: Service | undefined;
  /** The SQLite file of that Portico's store (its call log is counted after the run). */
  storeFile: string | undefined;
}

/** Everything the harness started. */
export interface BenchServices {
  fake: Service;
  targets: RunningTarget[];
  skipped: Skip[];
  /** Portico's (governance on) VmRSS a second after start, before any request, in MB. */
  porticoIdleRssMb: number | null;
  /** The same for each Portico instance. */
  porticoIdleRssMbByInstance: Record<string, number>;
  stop(): Promise<void>;
}

/** Where to start things and how to pin them. */
export interface StartTargetsOptions {
  /** Temp directory for configs and logs. */
  directory: string;
  /** Directory holding the plain-JS bench scripts (see transpile-bench.ts). */
  scriptsDirectory: string;
  repositoryRoot: string;
  chunks: number;
  /** taskset CPU list for the fake; unpinned when undefined. */
  loadCpus: string | undefined;
  /** taskset CPU list for the proxies under test; unpinned when undefined. */
  gatewayCpus: string | undefined;
  /** The targets to start (the fake always runs); all when undefined. */
  names?: readonly TargetName[] | undefined;
}

/** Starts a named service on a free port, pinned to `cpus`; the port is passed to `args`. */
type Launch = (
  name: string,
  command: string,
  args: (port: number) => string[],
  cpus: string | undefined,
  env?: NodeJS.ProcessEnv,
) => Promise<Service>;

/**
 * Starts the fake upstream, nginx (when installed), the two bare Node proxies and three Portico
 * instances, or those of them `options.names` lists.
 */
export async function startTargets(options: StartTargetsOptions): Promise<BenchServices> {
  const started: Service[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.splice(0).map((service) => service.stop()));
  };
  const launch: Launch = async (name, command, args, cpus, env) => {
    const port = await findFreePort();
    const logFile = join(options.directory, `${name}.log`);
    const service = await startService({ name, command, args: args(port), cpus, port, logFile, env });
    started.push(service);
    return service;
  };
  const script = (name: string): string => join(options.scriptsDirectory, name);
  try {
    const fake = await launch(
      'fake-upstream',
      process.execPath,
      (port) => [script('fake-upstream.js'), `--port=${port}`, `--chunks=${options.chunks}`],
      options.loadCpus,
    );
    const fakeOrigin = origin(fake);
    const wanted = (name: TargetName): boolean => options.names?.includes(name) ?? true;
    const skipped: Skip[] = [];
    const targets: RunningTarget[] = wanted('direct') ? [baseline('direct', fakeOrigin, [])] : [];
    const nginx = wanted('nginx') ? await startNginx(launch, options, fake.port) : undefined;
    if (nginx === undefined && wanted('nginx'))
      skipped.push({ target: 'nginx', scenario: null, reason: 'nginx is not installed' });
    else if (nginx !== undefined) targets.push(baseline('nginx', origin(nginx.service), nginx.pids));
    for (const [name, file] of [
      ['bare-proxy', 'bare-proxy.js'],
      ['bare-stream', 'bare-stream-proxy.js'],
    ] as const) {
      if (!wanted(name)) continue;
      const proxy = await launch(
        name,
        process.execPath,
        (port) => [script(file), String(port), fakeOrigin],
        options.gatewayCpus,
      );
      targets.push(baseline(name, origin(proxy), [proxy.pid]));
    }
    const porticos = await startPorticos(launch, options, fake.port, wanted);
    targets.push(...porticos.targets);
    return {
      fake,
      targets,
      skipped,
      porticoIdleRssMb: porticos.idleRssMb.portico ?? null,
      porticoIdleRssMbByInstance: porticos.idleRssMb,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startNginx(
  launch: Launch,
  options: StartTargetsOptions,
  fakePort: number,
): Promise<{ service: Service; pids: number[] } | undefined> {
  const nginx = findExecutable('nginx', ['/usr/sbin/nginx', '/usr/local/sbin/nginx']);
  if (nginx === undefined) return undefined;
  const dir = options.directory;
  const configFile = join(dir, 'nginx.conf');
  chmodSync(dir, 0o755); // Workers run as nobody when the harness is root.
  const service = await launch(
    'nginx',
    nginx,
    (port) => {
      writeFileSync(configFile, nginxConfig({ directory: dir, listenPort: port, upstreamPort: fakePort }));
      return ['-p', dir, '-c', configFile, '-e', join(dir, 'error.log'), '-g', 'daemon off;'];
    },
    options.gatewayCpus,
  );
  let pids = withChildren(service.pid);
  // The master listens before it forks the worker; wait until the worker is there to be measured.
  for (let attempt = 0; pids.length < 2 && attempt < 40; attempt++) {
    await sleep(50);
    pids = withChildren(service.pid);
  }
  if (pids.length < 2) throw new Error(`nginx (pid ${service.pid}) started no worker process`);
  return { service, pids };
}

/**
 * Three Portico processes, each with its own config and a fresh SQLite store in the run's temp dir:
 * `portico-open` (no keys), `portico` and `portico-translated` (governance on: tenant, app, key,
 * limits, budgets; see portico-bench-config.ts). Each has its own RSS; the master key comes from
 * PORTICO_MASTER_KEY so nothing is written to ./data.
 */
async function startPorticos(
  launch: Launch,
  options: StartTargetsOptions,
  fakePort: number,
  wanted: (name: TargetName) => boolean,
): Promise<{ targets: RunningTarget[]; idleRssMb: Record<string, number> }> {
  const targets: RunningTarget[] = [];
  const idleRssMb: Record<string, number> = {};
  for (const [name, model, governance] of [
    ['portico-open', 'fast', false],
    ['portico', 'fast', true],
    ['portico-translated', 'claude-fast', true],
  ] as const) {
    if (!wanted(name)) continue;
    const storeDirectory = join(options.directory, `${name}-store`);
    mkdirSync(storeDirectory, { recursive: true });
    const storeFile = join(storeDirectory, 'portico.db');
    const configFile = join(options.directory, `${name}.yaml`);
    writeFileSync(
      configFile,
      porticoBenchConfig({ upstreamPort: fakePort, storageUrl: `sqlite:${storeFile}`, governance }),
    );
    const portico = await launch(
      name,
      process.execPath,
      (port) => [
        join(options.repositoryRoot, 'bin/portico.js'),
        'start',
        ...['--config', configFile, '--port', String(port), '--host', '127.0.0.1'],
      ],
      options.gatewayCpus,
      { ...process.env, PORTICO_MASTER_KEY: benchMasterKey, DATABASE_URL: undefined },
    );
    await sleep(1000);
    idleRssMb[name] = readRssMb([portico.pid]);
    targets.push({
      name,
      origin: origin(portico),
      model,
      bearer: governance ? benchApiKey : undefined,
      pids: [portico.pid],
      portico,
      storeFile,
    });
  }
  return { targets, idleRssMb };
}

function baseline(name: TargetName, targetOrigin: string, pids: number[]): RunningTarget {
  return {
    name,
    origin: targetOrigin,
    model: 'bench-model',
    bearer: undefined,
    pids,
    portico: undefined,
    storeFile: undefined,
  };
}

function origin(service: Service): string {
  return `http://127.0.0.1:${service.port}`;
}
