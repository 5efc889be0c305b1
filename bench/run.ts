import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchReport, CallLogCheck, PreflightCheck, RunResult, Skip } from './bench-result.js';
import { chatRequestBody } from './chat-request-body.js';
import { checkTargets } from './check-targets.js';
import { countCallLog } from './count-call-log.js';
import { measureCpuPairs, pairsProgressLine, readPairsSettings } from './cpu-pairs.js';
import { findExecutable } from './find-executable.js';
import { checkHost, describeHost } from './host-check.js';
import { installLoadTools } from './install-load-tools.js';
import { isNoisy } from './is-noisy.js';
import { measureScenario, type MeasureOptions } from './measure-scenario.js';
import { mergeRounds } from './merge-rounds.js';
import { preflightTarget } from './preflight-target.js';
import { readCoreTimes, readRssMb } from './process-stats.js';
import { readMachineInfo } from './read-machine-info.js';
import { renderMarkdown } from './render-markdown.js';
import { renderRestMarkdown } from './render-rest-markdown.js';
import { restScenario } from './rest-scenario.js';
import { extraScenarios, runExtraScenario, type ExtraScenario } from './run-extra-scenario.js';
import { loadTool, runLoad } from './run-load.js';
import { scenarios } from './scenarios.js';
import { startTargets, type BenchServices } from './start-targets.js';
import { summarizeAccessLog } from './summarize-access-log.js';
import { transpileBench } from './transpile-bench.js';
import { writeBenchmarksDoc } from './write-benchmarks-doc.js';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const defaultDurationS = 10;
const repeatsPerRow = 2;
const settings = {
  durationS: readNumber('BENCH_DURATION_S', defaultDurationS),
  warmupS: readNumber('BENCH_WARMUP_S', 10),
  ttfbWarmup: readNumber('BENCH_TTFB_WARMUP', 50),
  ttfbRequests: readNumber('BENCH_TTFB_REQUESTS', 500),
  noiseRetries: readNumber('BENCH_NOISE_RETRIES', 6),
  rounds: Math.max(1, Math.round(readNumber('BENCH_ROUNDS', 3))),
  chunks: 20,
};
// Shorter runs are smoke tests: their numbers stay out of the repository unless BENCH_WRITE=1.
const writeToRepository = process.env['BENCH_WRITE'] === '1' || settings.durationS >= defaultDurationS;

async function main(): Promise<void> {
  if (!existsSync(join(repositoryRoot, 'dist/cli/main.js'))) {
    console.log('dist/ is missing: running npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: repositoryRoot, stdio: 'inherit' });
  }
  const only = readOnly();
  installLoadTools();
  if (only !== undefined) {
    await runExtraScenario(only, repositoryRoot);
    return;
  }
  const { machine, versions } = readMachineInfo(repositoryRoot);
  if (versions['porticoBuild']?.includes('older than src/') === true) {
    console.log(`warning: ${versions['porticoBuild']}`);
  }
  const skipped: Skip[] = [];
  if (loadTool() === 'autocannon') {
    const reason = 'wrk is not installed: scenarios a–d loaded with autocannon, not comparable with wrk runs';
    console.log(reason);
    versions['wrk'] = 'autocannon (wrk not installed)';
    skipped.push({ target: null, scenario: null, reason });
  }
  const pinned = cpus().length >= 2 && findExecutable('taskset') !== undefined;
  const pinning = pinned
    ? 'proxy under test (nginx master+worker, bare proxy, Portico) on core 1; fake upstream, wrk, the TTFB client and the harness on core 0 (taskset -c)'
    : `not pinned (${cpus().length} core(s) or no taskset): all processes share the CPUs`;
  if (pinned) execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
  console.log(
    `Portico bench: ${settings.durationS} s per scenario (${settings.rounds} rounds, targets taking turns); pinning: ${pinning}`,
  );
  const loadAverageAtStart = loadavg()[0] ?? 0;
  const coreBusyBeforePercent = await sampleCoreBusy();
  if (coreBusyBeforePercent.some((busy) => busy > 10)) {
    console.log(
      `warning: the machine is not idle (cores ${coreBusyBeforePercent.join('% / ')}% busy); numbers will be noisy`,
    );
  }

  const directory = mkdtempSync(join(tmpdir(), 'portico-bench-'));
  const run = await measureAll(directory, pinned, loadAverageAtStart);
  const { ratios, targets } = checkTargets(
    run.results,
    run.porticoRssMb?.idleAfterStart ?? null,
    run.cpuPairs,
  );
  const host = checkHost({
    loadAverageAtStart,
    coreCount: cpus().length,
    // The pairs alternate closest; without them, scenario a's rounds.
    referenceRounds:
      run.cpuPairs?.roundCpuUsPerRequest['bare-proxy'] ??
      run.results.find((result) => result.scenario === 'a' && result.target === 'bare-proxy')
        ?.roundCpuUsPerRequest ??
      [],
    noisyRuns: run.results.filter(isNoisy).length + (run.cpuPairs?.noisyRuns ?? 0),
  });
  console.log(`\n${describeHost(host)}`);
  const report: BenchReport = {
    date: new Date().toISOString(),
    durationS: settings.durationS,
    rounds: settings.rounds,
    machine,
    versions,
    pinning,
    machineLoad: { loadAverageAtStart, loadAverageAtEnd: loadavg()[0] ?? 0, coreBusyBeforePercent },
    ...run,
    skipped: [...skipped, ...run.skipped],
    ratios,
    targets,
    host,
  };
  // The REST rows: their own targets and fake, after the model-route scenarios stopped theirs.
  if (process.env['BENCH_REST'] !== '0') {
    console.log('\nscenario rest (REST services; BENCH_REST=0 skips it)');
    report.rest = await restScenario(repositoryRoot);
  }
  const markdown =
    renderMarkdown(report) + (report.rest === undefined ? '' : `\n${renderRestMarkdown(report.rest)}`);
  console.log(`\n${markdown}\n`);
  writeReport(report, markdown, directory);
}

/** The measured part of a report. */
type MeasuredRun = Pick<
  BenchReport,
  | 'preflight'
  | 'skipped'
  | 'porticoRssMb'
  | 'porticoIdleRssMbByInstance'
  | 'results'
  | 'porticoLog'
  | 'callLog'
  | 'cpuPairs'
>;

/** Responses each target's clients received over the whole run, to check the call log against. */
const completedByTarget = new Map<string, number>();

function countCompleted(target: string, requests: number): void {
  completedByTarget.set(target, (completedByTarget.get(target) ?? 0) + requests);
}

/** Starts every target, checks, warms up and measures them, stops them and reads Portico's logs. */
async function measureAll(
  directory: string,
  pinned: boolean,
  loadAverageAtStart: number,
): Promise<MeasuredRun> {
  const scriptsDirectory = transpileBench(join(directory, 'scripts'));
  const services = await startTargets({
    directory,
    scriptsDirectory,
    repositoryRoot,
    chunks: settings.chunks,
    loadCpus: pinned ? '0' : undefined,
    gatewayCpus: pinned ? '1' : undefined,
  });
  for (const skip of services.skipped) console.log(`skipped ${skip.target ?? ''}: ${skip.reason}`);
  const interrupted = (): void => {
    void services.stop().finally(() => {
      rmSync(directory, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  let preflight: PreflightCheck[];
  let results: RunResult[];
  let cpuPairs: MeasuredRun['cpuPairs'];
  let idleAfterRun = 0;
  try {
    preflight = await runPreflight(services);
    await warmUp(services, pinned);
    results = await runScenarios(services, scriptsDirectory, pinned);
    const pairs = readPairsSettings();
    console.log(
      `\nscenario cpu-pairs: ${pairs.rounds} rounds × ${pairs.secondsPerRun} s, the order reversed every other round`,
    );
    cpuPairs = await measureCpuPairs({
      targets: services.targets,
      fakePid: services.fake.pid,
      scriptsDirectory,
      ...pairs,
      pinned,
      loadAverageAtStart,
      coreCount: cpus().length,
      onRun: (result, round) => {
        countCompleted(result.target, result.completed);
        console.log(pairsProgressLine(result, round, pairs.rounds));
      },
    });
    await sleep(1000);
    const portico = services.targets.find((target) => target.name === 'portico');
    idleAfterRun = portico === undefined ? 0 : readRssMb(portico.pids);
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await services.stop();
  }
  const porticoLog: BenchReport['porticoLog'] = {};
  for (const target of services.targets) {
    if (target.portico !== undefined)
      porticoLog[target.name] = await summarizeAccessLog(target.portico.logFile);
  }
  const callLog: Record<string, CallLogCheck> = {};
  for (const target of services.targets) {
    if (target.storeFile === undefined) continue;
    const access = porticoLog[target.name];
    const counted = countCallLog(target.storeFile);
    callLog[target.name] = {
      clientCompleted: completedByTarget.get(target.name) ?? 0,
      accessLogRequests: Object.values(access?.statuses ?? {}).reduce((sum, count) => sum + count, 0),
      accessLog200: access?.statuses['200'] ?? 0,
      callLogRows: counted.rows,
      callLog200: counted.ok,
      partitionRows: counted.partitionRows,
    };
  }
  const idle = services.porticoIdleRssMb;
  return {
    preflight,
    skipped: services.skipped,
    porticoRssMb: idle === null ? null : { idleAfterStart: round1(idle), idleAfterRun: round1(idleAfterRun) },
    porticoIdleRssMbByInstance: Object.fromEntries(
      Object.entries(services.porticoIdleRssMbByInstance).map(([name, mb]) => [name, round1(mb)]),
    ),
    results,
    porticoLog,
    callLog,
    cpuPairs,
  };
}

async function runPreflight(services: BenchServices): Promise<PreflightCheck[]> {
  const checks: PreflightCheck[] = [];
  for (const target of services.targets) {
    for (const stream of [false, true]) {
      const check = await preflightTarget(target, stream, settings.chunks);
      checks.push(check);
      if (check.ok) countCompleted(target.name, 1);
      if (!check.ok)
        console.log(`PREFLIGHT FAILED ${target.name} ${stream ? 'stream' : 'json'}: ${check.detail}`);
    }
  }
  return checks;
}

// Lets V8 optimize every target's hot paths before anything is timed.
async function warmUp(services: BenchServices, pinned: boolean): Promise<void> {
  console.log(`warming up each target for ${settings.warmupS} s + 2 s streamed`);
  for (const target of services.targets) {
    for (const [stream, durationS] of [
      [false, settings.warmupS],
      [true, 2],
    ] as const) {
      const summary = await runLoad({
        url: `${target.origin}/v1/chat/completions`,
        connections: 50,
        durationS,
        body: chatRequestBody(target.model, stream),
        bearer: target.bearer,
        cpus: pinned ? '0' : undefined,
      });
      countCompleted(target.name, summary.requests);
    }
  }
}

async function runScenarios(
  services: BenchServices,
  scriptsDirectory: string,
  pinned: boolean,
): Promise<RunResult[]> {
  const results: RunResult[] = [];
  const retries = { left: settings.noiseRetries };
  for (const scenario of scenarios) {
    console.log(`\nscenario ${scenario.id}: ${scenario.title}`);
    // wrk scenarios in rounds, the targets taking turns (merge-rounds.ts); the TTFB one in one go.
    const rounds = scenario.tool === 'wrk' ? settings.rounds : 1;
    const byTarget = new Map<string, RunResult[]>();
    for (let round = 1; round <= rounds; round++) {
      for (const target of services.targets) {
        const options: MeasureOptions = {
          scenario,
          target,
          fakePid: services.fake.pid,
          scriptsDirectory,
          durationS: Math.max(1, Math.round(settings.durationS / rounds)),
          ttfb: { warmup: settings.ttfbWarmup, requests: settings.ttfbRequests },
          loadCpus: pinned ? '0' : undefined,
          cores: pinned ? { load: 0, gateway: 1 } : undefined,
        };
        const result = await measureLeastNoisy(options, retries);
        byTarget.set(target.name, [...(byTarget.get(target.name) ?? []), result]);
        console.log(`${rounds > 1 ? `round ${round}/${rounds} ` : ''}${progressLine(result)}`);
        await sleep(500); // Let closed connections and GC settle between runs.
      }
    }
    for (const target of services.targets) results.push(mergeRounds(byTarget.get(target.name) ?? []));
  }
  return results;
}

/**
 * Other work on a shared machine only ever slows a run down, so a noisy run is repeated (at most
 * `repeatsPerRow` times, while the run-wide budget lasts) and the least noisy attempt is kept.
 */
async function measureLeastNoisy(options: MeasureOptions, retries: { left: number }): Promise<RunResult> {
  const measure = (): Promise<RunResult> =>
    measureScenario(options).then(
      (result) => {
        countCompleted(result.target, result.completed);
        return result;
      },
      (error: unknown) => {
        const where = `scenario ${options.scenario.id} against ${options.target.name}`;
        throw new Error(`${where} failed: ${(error as Error).message}`, { cause: error });
      },
    );
  const other = (run: RunResult): number => run.otherLoadOnGatewayCorePercent ?? 0;
  let latest = await measure();
  let kept = latest;
  for (let attempt = 2; isNoisy(latest) && retries.left > 0 && attempt <= 1 + repeatsPerRow; attempt++) {
    retries.left--;
    console.log(`${progressLine(latest)}  (noisy: ${other(latest)}% of core 1 was other work; repeating)`);
    latest = await measure();
    kept = { ...(other(latest) < other(kept) ? latest : kept), attempts: attempt };
  }
  return kept;
}

function writeReport(report: BenchReport, markdown: string, directory: string): void {
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (!writeToRepository) {
    const file = join(tmpdir(), `portico-bench-${report.date.slice(0, 19).replaceAll(':', '-')}.json`);
    writeFileSync(file, json);
    rmSync(directory, { recursive: true, force: true });
    console.log(
      `Smoke run (BENCH_DURATION_S < ${defaultDurationS}): results in ${file}; docs/benchmarks.md untouched.`,
    );
    return;
  }
  const resultsDirectory = join(repositoryRoot, 'bench/results');
  mkdirSync(resultsDirectory, { recursive: true });
  const file = join(resultsDirectory, `${report.date.slice(0, 10)}.json`);
  writeFileSync(file, json);
  writeBenchmarksDoc(join(repositoryRoot, 'docs/benchmarks.md'), markdown);
  rmSync(directory, { recursive: true, force: true });
  console.log(`Wrote ${file} and docs/benchmarks.md`);
}

/** How busy each core was over one second, in %. */
async function sampleCoreBusy(): Promise<number[]> {
  const before = readCoreTimes();
  await sleep(1000);
  return readCoreTimes().map((after, index) => {
    const start = before[index] ?? { busy: 0, total: 0 };
    const total = after.total - start.total;
    return total === 0 ? 0 : Math.round(((after.busy - start.busy) / total) * 100);
  });
}

function progressLine(result: RunResult): string {
  const throughput = result.requestsPerSecond === null ? '' : `${result.requestsPerSecond} req/s  `;
  const share = result.cpuPercent === null ? '' : ` (${result.cpuPercent}% of a core)`;
  const cpu = result.cpuUsPerRequest === null ? '' : `  cpu ${result.cpuUsPerRequest} µs/req${share}`;
  const errors = result.non2xx + result.socketErrors;
  return `  ${result.target.padEnd(19)} ${throughput}p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms${cpu}  errors ${errors}`;
}

/** `--only cpu-pairs|slow-streams|soak|workers|tokenizer` (or BENCH_ONLY): run one opt-in scenario instead of the default table. */
function readOnly(): ExtraScenario | undefined {
  const { values } = parseArgs({ options: { only: { type: 'string' } }, strict: true });
  const only = values.only ?? process.env['BENCH_ONLY'];
  if (only === undefined || only === '') return undefined;
  const known = extraScenarios.find((name) => name === only);
  if (known === undefined)
    throw new Error(`--only must be one of ${extraScenarios.join(', ')}, got "${only}"`);
  return known;
}

function readNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

await main();
