import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HostCheck, PairedRatio } from './bench-result.js';
import { countCallLog, type CallLogCount } from './count-call-log.js';
import { findExecutable } from './find-executable.js';
import { findFreePort } from './find-free-port.js';
import { checkHost, describeHost } from './host-check.js';
import { median } from './median.js';
import { nginxConfig } from './nginx-config.js';
import { pairedRatio } from './paired-ratio.js';
import { benchApiKey, benchMasterKey } from './portico-bench-config.js';
import { readCpuSeconds, readPeakRssMb, withChildren } from './process-stats.js';
import { readMachineInfo } from './read-machine-info.js';
import { restBasePath, restBenchConfig } from './rest-bench-config.js';
import { streamThrough, type StreamThroughResult } from './stream-through.js';
import { runWrk, type WrkSummary } from './run-wrk.js';
import { startService, type Service } from './start-service.js';
import { transpileBench } from './transpile-bench.js';

/** A proxy of the REST scenario and where its requests go. */
interface RestTarget {
  name: 'nginx' | 'bare-proxy' | 'bare-stream' | 'portico';
  /** Origin plus the prefix the fake's paths go under. */
  base: string;
  pids: number[];
  apiKey: string | undefined;
}

/** One load's measurement on one target. */
export interface RestRun {
  target: RestTarget['name'];
  requestsPerSecond: number;
  cpuUsPerRequest: number | null;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  socketErrors: number;
}

const reference = 'bare-proxy';
const megabyte = 1024 * 1024;

function readSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/**
 * `npm run bench -- --only rest`: the REST gateway beside nginx and the bare Node proxies, in one
 * run. (1) a small JSON GET at 50 connections (Portico: key auth, request limits on tenant, app and
 * service, the call log) in rounds that alternate the targets, CPU per request and p99 as paired
 * ratios to the cheapest honest Node proxy; (2) 1 MB downloads and uploads streamed; (3) Portico's
 * RSS while one client downloads and uploads 100 MB through it (no buffering: growth under 20 MB).
 */
export async function restScenario(repositoryRoot: string): Promise<RestScenarioResult> {
  if (findExecutable('wrk') === undefined)
    throw new Error('the REST scenario needs wrk (apt-get install wrk)');
  const rounds = Math.round(readSetting('BENCH_REST_ROUNDS', 5));
  const seconds = readSetting('BENCH_REST_S', 5);
  // As long as the main scenarios' warm-up: after 3 s Portico was still being optimized by V8 and
  // its first round cost up to twice its later ones (docs/benchmarks.md, "REST path").
  const warmUpSeconds = readSetting('BENCH_REST_WARM_S', 10);
  const bigBytes = Math.round(readSetting('BENCH_REST_BIG_MB', 100) * megabyte);
  const loadAverageAtStart = loadavg()[0] ?? 0;
  const pinned = cpus().length >= 2 && findExecutable('taskset') !== undefined;
  if (pinned) execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
  const [loadCpus, gatewayCpus] = pinned ? ['0', '1'] : [undefined, undefined];
  const directory = mkdtempSync(join(tmpdir(), 'portico-bench-rest-'));
  const scripts = transpileBench(join(directory, 'scripts'));
  const started: Service[] = [];
  const launch = async (
    name: string,
    command: string,
    args: (port: number) => string[],
    cpuList: string | undefined,
    env?: NodeJS.ProcessEnv,
  ): Promise<Service> => {
    const port = await findFreePort();
    const service = await startService({
      name,
      command,
      args: args(port),
      cpus: cpuList,
      port,
      logFile: join(directory, `${name}.log`),
      env,
    });
    started.push(service);
    return service;
  };
  try {
    const fake = await launch(
      'fake-rest',
      process.execPath,
      (port) => [join(scripts, 'fake-rest-upstream.js'), `--port=${port}`],
      loadCpus,
    );
    const fakeOrigin = `http://127.0.0.1:${fake.port}`;
    const targets: RestTarget[] = [];
    const nginx = findExecutable('nginx', ['/usr/sbin/nginx', '/usr/local/sbin/nginx']);
    if (nginx !== undefined) {
      chmodSync(directory, 0o755);
      const configFile = join(directory, 'nginx.conf');
      const service = await launch(
        'nginx',
        nginx,
        (port) => {
          writeFileSync(
            configFile,
            nginxConfig({ directory, listenPort: port, upstreamPort: fake.port, streamUploads: true }),
          );
          return ['-p', directory, '-c', configFile, '-e', join(directory, 'error.log'), '-g', 'daemon off;'];
        },
        gatewayCpus,
      );
      let pids = withChildren(service.pid);
      for (let attempt = 0; pids.length < 2 && attempt < 40; attempt++) {
        await sleep(50);
        pids = withChildren(service.pid);
      }
      targets.push({ name: 'nginx', base: `http://127.0.0.1:${service.port}`, pids, apiKey: undefined });
    }
    for (const [name, file] of [
      ['bare-proxy', 'bare-proxy.js'],
      ['bare-stream', 'bare-stream-proxy.js'],
    ] as const) {
      const proxy = await launch(
        name,
        process.execPath,
        (port) => [join(scripts, file), String(port), fakeOrigin],
        gatewayCpus,
      );
      targets.push({ name, base: `http://127.0.0.1:${proxy.port}`, pids: [proxy.pid], apiKey: undefined });
    }
    const storeFile = join(directory, 'portico-store', 'portico.db');
    mkdirSync(join(directory, 'portico-store'));
    const configFile = join(directory, 'portico-rest.yaml');
    writeFileSync(
      configFile,
      restBenchConfig({ upstreamPort: fake.port, storageUrl: `sqlite:${storeFile}` }),
    );
    const portico = await launch(
      'portico',
      process.execPath,
      (port) => [
        join(repositoryRoot, 'bin/portico.js'),
        'start',
        '--config',
        configFile,
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
      ],
      gatewayCpus,
      { ...process.env, PORTICO_MASTER_KEY: benchMasterKey, DATABASE_URL: undefined },
    );
    targets.push({
      name: 'portico',
      base: `http://127.0.0.1:${portico.port}${restBasePath}`,
      pids: [portico.pid],
      apiKey: benchApiKey,
    });
    await preflight(targets);
    console.log(
      `rest: ${targets.map((target) => target.name).join(', ')}; ${rounds} rounds × ${seconds} s; load average ${loadAverageAtStart.toFixed(2)}`,
    );
    const load = (
      target: RestTarget,
      path: string,
      connections: number,
      durationS: number,
      env: Record<string, string> = {},
    ): Promise<RestRun> => measure(target, path, connections, durationS, env, loadCpus);
    for (const target of targets) await load(target, '/items', 50, warmUpSeconds);
    const small = await alternate(targets, rounds, (target) => load(target, '/items', 50, seconds));
    const download = await alternate(targets, 2, (target) => load(target, `/bytes/${megabyte}`, 10, seconds));
    const upload = await alternate(targets, 2, (target) =>
      load(target, '/sink', 10, seconds, { BENCH_METHOD: 'POST', BENCH_BODY_BYTES: String(megabyte) }),
    );
    const peakRssMb = Object.fromEntries(
      targets.map((target) => [target.name, Math.round(readPeakRssMb(target.pids))]),
    );
    const porticoTarget = targets.find((target) => target.name === 'portico');
    if (porticoTarget === undefined) throw new Error('portico target missing');
    const big: StreamThroughResult = await streamThrough({
      base: porticoTarget.base,
      apiKey: benchApiKey,
      bytes: bigBytes,
      pid: portico.pid,
    });
    await sleep(1500);
    await portico.stop();
    const callLog = countCallLog(storeFile);
    const referenceCpu = small.byTarget[reference]?.map((run) => run.cpuUsPerRequest) ?? [];
    const ratio = (field: 'cpuUsPerRequest' | 'p99Ms', name: string) =>
      pairedRatio(
        small.byTarget[name]?.map((run) => run[field]) ?? [],
        small.byTarget[reference]?.map((run) => run[field]) ?? [],
      );
    const host = checkHost({
      loadAverageAtStart,
      coreCount: cpus().length,
      referenceRounds: referenceCpu,
      noisyRuns: 0,
    });
    console.log(describeHost(host));
    const { machine, versions } = readMachineInfo(repositoryRoot);
    return {
      scenario: 'rest' as const,
      date: new Date().toISOString(),
      machine,
      versions,
      pinning: pinned
        ? 'proxies on core 1; fake, wrk, the 100 MB client and the harness on core 0 (taskset -c)'
        : 'not pinned',
      loadAverage: { atStart: loadAverageAtStart, atEnd: loadavg()[0] ?? 0 },
      settings: {
        rounds,
        secondsPerRun: seconds,
        smallConnections: 50,
        bulkConnections: 10,
        bigMb: bigBytes / megabyte,
      },
      smallJson: summarize(small.byTarget),
      ratiosToBareProxy: {
        cpuPerRequest: Object.fromEntries(
          targets.filter((t) => t.name !== reference).map((t) => [t.name, ratio('cpuUsPerRequest', t.name)]),
        ),
        p99: Object.fromEntries(
          targets.filter((t) => t.name !== reference).map((t) => [t.name, ratio('p99Ms', t.name)]),
        ),
      },
      download1Mb: summarize(download.byTarget, megabyte),
      upload1Mb: summarize(upload.byTarget, megabyte),
      peakRssMb,
      stream100Mb: big,
      callLog,
      host,
      targets: {
        cpuPerRequestAtMost1_2xBareProxy: (ratio('cpuUsPerRequest', 'portico')?.median ?? Infinity) <= 1.2,
        rssGrowthUnder20MbWhileStreaming: big.download.rssGrowthMb < 20 && big.upload.rssGrowthMb < 20,
      },
    };
  } finally {
    await Promise.all(started.splice(0).map((service) => service.stop()));
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Every target answers 200 through its path, and Portico refuses a call without the key. */
async function preflight(targets: readonly RestTarget[]): Promise<void> {
  for (const target of targets) {
    const answer = await fetch(`${target.base}/items`, {
      headers: target.apiKey === undefined ? {} : { 'x-api-key': target.apiKey },
    });
    const text = await answer.text();
    if (answer.status !== 200)
      throw new Error(
        `${target.name}: GET ${target.base}/items answered ${answer.status}: ${text.slice(0, 300)}`,
      );
    if (target.apiKey !== undefined) {
      const refused = await fetch(`${target.base}/items`);
      await refused.text();
      if (refused.status !== 401)
        throw new Error(`${target.name}: a call without the key answered ${refused.status}, not 401`);
    }
  }
}

async function measure(
  target: RestTarget,
  path: string,
  connections: number,
  durationS: number,
  env: Record<string, string>,
  loadCpus: string | undefined,
): Promise<RestRun> {
  const cpuBefore = readCpuSeconds(target.pids);
  const summary: WrkSummary = await runWrk({
    url: `${target.base}${path}`,
    connections,
    durationS,
    body: '',
    bearer: target.apiKey,
    cpus: loadCpus,
    script: 'rest-load.lua',
    env,
  });
  const cpuSeconds = readCpuSeconds(target.pids) - cpuBefore;
  return {
    target: target.name,
    requestsPerSecond: Math.round(summary.requests / summary.durationS),
    cpuUsPerRequest: summary.requests === 0 ? null : Math.round((cpuSeconds * 1e6) / summary.requests),
    p50Ms: round2(summary.p50Ms),
    p99Ms: round2(summary.p99Ms),
    non2xx: summary.non2xx,
    socketErrors: summary.socketErrors,
  };
}

/** Runs `run` on every target per round, the order reversed every other round. */
async function alternate(
  targets: readonly RestTarget[],
  rounds: number,
  run: (target: RestTarget) => Promise<RestRun>,
): Promise<{ byTarget: Record<string, RestRun[]> }> {
  const byTarget: Record<string, RestRun[]> = {};
  for (let round = 1; round <= rounds; round++) {
    for (const target of round % 2 === 1 ? targets : [...targets].reverse()) {
      const result = await run(target);
      (byTarget[target.name] ??= []).push(result);
      console.log(
        `  round ${round}/${rounds} ${target.name.padEnd(12)} ${result.requestsPerSecond} req/s  cpu ${result.cpuUsPerRequest ?? '—'} µs/req  p99 ${result.p99Ms} ms  non-2xx ${result.non2xx}`,
      );
      await sleep(300);
    }
  }
  return { byTarget };
}

/** Medians of one load per target (see `summarize`). */
export type RestRows = Record<string, Record<string, number | null>>;

/** What `restScenario` reports (bench/results/<date>-rest.json, and the REST rows of the bench table). */
export interface RestScenarioResult {
  scenario: 'rest';
  date: string;
  machine: Record<string, string>;
  versions: Record<string, string>;
  pinning: string;
  loadAverage: { atStart: number; atEnd: number };
  settings: {
    rounds: number;
    secondsPerRun: number;
    smallConnections: number;
    bulkConnections: number;
    bigMb: number;
  };
  smallJson: RestRows;
  ratiosToBareProxy: {
    cpuPerRequest: Record<string, PairedRatio | null>;
    p99: Record<string, PairedRatio | null>;
  };
  download1Mb: RestRows;
  upload1Mb: RestRows;
  peakRssMb: Record<string, number>;
  stream100Mb: StreamThroughResult;
  callLog: CallLogCount;
  host: HostCheck;
  targets: { cpuPerRequestAtMost1_2xBareProxy: boolean; rssGrowthUnder20MbWhileStreaming: boolean };
}

/** Medians per target; with `bytesPerRequest`, throughput in MB/s and CPU in ms per MB too. */
function summarize(
  byTarget: Record<string, RestRun[]>,
  bytesPerRequest?: number,
): Record<string, Record<string, number | null>> {
  return Object.fromEntries(
    Object.entries(byTarget).map(([name, runs]) => {
      const cpu = runs.map((run) => run.cpuUsPerRequest).filter((value): value is number => value !== null);
      const rps = median(runs.map((run) => run.requestsPerSecond));
      const cpuUs = cpu.length === 0 ? null : median(cpu);
      const row: Record<string, number | null> = {
        requestsPerSecond: rps,
        cpuUsPerRequest: cpuUs,
        p50Ms: median(runs.map((run) => run.p50Ms)),
        p99Ms: median(runs.map((run) => run.p99Ms)),
        non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
        socketErrors: runs.reduce((sum, run) => sum + run.socketErrors, 0),
      };
      if (bytesPerRequest !== undefined) {
        row['megabytesPerSecond'] = round2((rps * bytesPerRequest) / megabyte);
        row['cpuMsPerMegabyte'] = cpuUs === null ? null : round2(cpuUs / 1000 / (bytesPerRequest / megabyte));
      }
      return [name, row];
    }),
  );
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
