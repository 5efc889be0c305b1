import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { chatRequestBody } from './chat-request-body.js';
import { countCallLog, type CallLogCount } from './count-call-log.js';
import { cpuPairsScenario } from './cpu-pairs-scenario.js';
import { readPairsSettings } from './cpu-pairs.js';
import { renderRestMarkdown } from './render-rest-markdown.js';
import { restScenario } from './rest-scenario.js';
import { median } from './median.js';
import { benchApiKey } from './portico-bench-config.js';
import { readCpuSeconds, readPeakRssMb, readRssMb, withChildren } from './process-stats.js';
import type { RateClientOptions, RateClientSummary } from './rate-client.js';
import { readMachineInfo } from './read-machine-info.js';
import { runLoad } from './run-load.js';
import type { SlowStreamOptions, SlowStreamSummary } from './slow-stream-client.js';
import { startStage, type Stage } from './start-stage.js';
import { tokenizerScenario } from './tokenizer-scenario.js';
import { workersScenario } from './workers-scenario.js';

/** The opt-in scenarios, run with `npm run bench -- --only <name>` (not part of the default run). */
export const extraScenarios = ['cpu-pairs', 'slow-streams', 'soak', 'workers', 'tokenizer', 'rest'] as const;
export type ExtraScenario = (typeof extraScenarios)[number];

const execFileAsync = promisify(execFile);

function readNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** Runs a bench client script in its own process (pinned to core 0 when pinning) and parses its JSON. */
async function runClient<T>(stage: Stage, script: string, options: unknown): Promise<T> {
  const args = [join(stage.scriptsDirectory, script), JSON.stringify(options)];
  const [command, commandArgs] = stage.pinned
    ? ['taskset', ['-c', '0', process.execPath, ...args]]
    : [process.execPath, args];
  const { stdout } = await execFileAsync(command, commandArgs, { maxBuffer: 16 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T;
}

/** Samples a process's VmRSS every `everyMs` until stopped. */
function sampleRss(pid: number, everyMs: number): { stop(): { t: number; mb: number }[] } {
  const samples: { t: number; mb: number }[] = [];
  const start = Date.now();
  const take = (): void => {
    samples.push({ t: Math.round((Date.now() - start) / 100) / 10, mb: round1(readRssMb([pid])) });
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** Portico's event-loop delay (from the --import probe) between two wall-clock times. */
function readLoopLag(file: string, from: number, to: number): { p99Max: number; max: number } | null {
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { t: number; p99: number; max: number })
    .filter((line) => line.t >= from && line.t <= to + 1000);
  if (lines.length === 0) return null;
  return {
    p99Max: Math.max(...lines.map((line) => line.p99)),
    max: Math.max(...lines.map((line) => line.max)),
  };
}

/** The kernel's count of connections dropped because a listen queue was full (TcpExt ListenOverflows). */
function readListenOverflows(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const names = lines.find((line) => line.startsWith('TcpExt:'))?.split(' ') ?? [];
  const values = lines.filter((line) => line.startsWith('TcpExt:'))[1]?.split(' ') ?? [];
  return Number(values[names.indexOf('ListenOverflows')] ?? Number.NaN);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function context(repositoryRoot: string, pinned: boolean): Record<string, unknown> {
  const { machine, versions } = readMachineInfo(repositoryRoot);
  return {
    date: new Date().toISOString(),
    machine,
    versions,
    pinning: pinned
      ? 'Portico on core 1; fake upstream, the load client (its own process) and the harness on core 0 (taskset -c)'
      : 'not pinned',
    openFilesLimit:
      readFileSync('/proc/self/limits', 'utf8').match(/^Max open files\s+(\d+)/m)?.[1] ?? 'unknown',
  };
}

async function slowStreams(repositoryRoot: string): Promise<Record<string, unknown>> {
  const streams = readNumber('BENCH_SLOW_STREAMS', 2000);
  const chunks = readNumber('BENCH_SLOW_CHUNKS', 300);
  const intervalMs = readNumber('BENCH_SLOW_INTERVAL_MS', 100);
  const rampMs = process.env['BENCH_SLOW_RAMP_MS'] === '0' ? 0 : readNumber('BENCH_SLOW_RAMP_MS', 1000);
  // The fake alone missed the 50 ms deadline with one process: its stalls delayed every stream.
  const fakeProcesses = Math.round(readNumber('BENCH_SLOW_FAKES', 2));
  const stage = await startStage(repositoryRoot, [
    `--chunks=${chunks}`,
    `--interval-ms=${intervalMs}`,
    `--processes=${fakeProcesses}`,
  ]);
  // With more than one process the fake is a cluster primary and its workers.
  const fakePids = (): number[] => withChildren(stage.fake.pid);
  const loadAverageAtStart = loadavg();
  try {
    const base = { streams, chunks, intervalMs, rampMs };
    console.log(
      `slow streams: ${streams} streams × ${chunks} chunks every ${intervalMs} ms, ${fakeProcesses} fake process(es), direct first`,
    );
    const overflowsBefore = readListenOverflows();
    const fakeCpuBefore = readCpuSeconds(fakePids());
    let started = performance.now();
    const direct = await runClient<SlowStreamSummary>(stage, 'slow-stream-client.js', {
      ...base,
      origin: `http://127.0.0.1:${stage.fake.port}`,
      model: 'bench-model',
      bearer: undefined,
    } satisfies SlowStreamOptions);
    const fakeCpuPercentDirect = Math.round(
      ((readCpuSeconds(fakePids()) - fakeCpuBefore) * 100_000) / (performance.now() - started),
    );
    const overflowsDirect = readListenOverflows() - overflowsBefore;
    console.log(`  direct:  ${JSON.stringify(direct)}`);
    await sleep(2000);
    const rssBefore = round1(readRssMb([stage.portico.pid]));
    const sampler = sampleRss(stage.portico.pid, 500);
    const from = Date.now();
    const cpuBefore = readCpuSeconds([stage.portico.pid]);
    const overflowsBeforePortico = readListenOverflows();
    started = performance.now();
    const portico = await runClient<SlowStreamSummary>(stage, 'slow-stream-client.js', {
      ...base,
      origin: `http://127.0.0.1:${stage.portico.port}`,
      model: 'fast',
      bearer: benchApiKey,
    } satisfies SlowStreamOptions);
    const to = Date.now();
    const porticoCpuPercent = Math.round(
      ((readCpuSeconds([stage.portico.pid]) - cpuBefore) * 100_000) / (performance.now() - started),
    );
    const overflowsPortico = readListenOverflows() - overflowsBeforePortico;
    const rss = sampler.stop();
    console.log(`  portico: ${JSON.stringify(portico)}`);
    const porticoPeakRssMb = Math.max(...rss.map((sample) => sample.mb));
    const hwm = round1(readPeakRssMb([stage.portico.pid]));
    const loopLag = readLoopLag(stage.loopLagFile, from, to);
    await sleep(1500);
    const loadAverageAtEnd = loadavg();
    await stage.stop();
    const callLog = countCallLog(stage.storeFile);
    const added = (key: 'p50' | 'p99' | 'max'): number =>
      Math.round((portico.latenessMs[key] - direct.latenessMs[key]) * 100) / 100;
    return {
      scenario: 'slow-streams',
      ...context(repositoryRoot, stage.pinned),
      loadAverage: { atStart: loadAverageAtStart, atEnd: loadAverageAtEnd },
      settings: { ...base, fakeProcesses },
      direct,
      portico,
      addedLatenessMs: { p50: added('p50'), p99: added('p99'), max: added('max') },
      addedSteadyLatenessMs: {
        p50: round2(portico.steady.latenessMs.p50 - direct.steady.latenessMs.p50),
        p99: round2(portico.steady.latenessMs.p99 - direct.steady.latenessMs.p99),
        max: round2(portico.steady.latenessMs.max - direct.steady.latenessMs.max),
      },
      porticoRssMb: {
        beforeStreams: rssBefore,
        peakSampled: porticoPeakRssMb,
        vmHwmSinceStart: hwm,
        samples: rss,
      },
      porticoEventLoopLagMs: loopLag,
      // Machine-wide counter: other processes' listen queues count too.
      listenQueueOverflows: { duringDirectRun: overflowsDirect, duringPorticoRun: overflowsPortico },
      cpuPercentOfOneCore: {
        porticoDuringItsRun: porticoCpuPercent,
        fakeDuringDirectRun: fakeCpuPercentDirect,
      },
      callLog,
      targets: {
        // The control: if the fake alone misses the deadline, the Portico row measures the fake too.
        directNoChunkOver50MsLate: direct.eventsOver50Ms === 0 && direct.failed === 0,
        noChunkOver50MsLate: portico.eventsOver50Ms === 0 && portico.failed === 0,
        noSteadyChunkOver50MsLate: portico.steady.eventsOver50Ms === 0 && portico.failed === 0,
        rssUnder300Mb: porticoPeakRssMb < 300,
      },
    };
  } finally {
    await stage.stop();
    rmSync(stage.directory, { recursive: true, force: true });
  }
}

async function soak(repositoryRoot: string): Promise<Record<string, unknown>> {
  const durationS = readNumber('BENCH_SOAK_S', 600);
  const stage = await startStage(repositoryRoot, ['--chunks=20']);
  const loadAverageAtStart = loadavg();
  const url = `http://127.0.0.1:${stage.portico.port}/v1/chat/completions`;
  const wrk = (seconds: number): ReturnType<typeof runLoad> =>
    runLoad({
      url,
      connections: 50,
      durationS: seconds,
      body: chatRequestBody('fast', false),
      bearer: benchApiKey,
      cpus: stage.pinned ? '0' : undefined,
    });
  try {
    console.log('soak: 3 s warm-up, then 10 s peak with wrk (50 connections)');
    const warm = await wrk(3);
    const peak = await wrk(10);
    const peakRps = peak.requests / peak.durationS;
    const rate = Math.max(1, Math.round(peakRps / 2));
    console.log(`  peak ${Math.round(peakRps)} req/s → soak at ${rate} req/s for ${durationS} s`);
    await sleep(1000);
    const sampler = sampleRss(stage.portico.pid, 5000);
    const from = Date.now();
    const progress = setInterval(() => {
      console.log(
        `  ${Math.round((Date.now() - from) / 1000)} s: RSS ${round1(readRssMb([stage.portico.pid]))} MB`,
      );
    }, 60_000);
    const client = await runClient<RateClientSummary>(stage, 'rate-client.js', {
      origin: `http://127.0.0.1:${stage.portico.port}`,
      model: 'fast',
      bearer: benchApiKey,
      rate,
      durationS,
      connections: 64,
    } satisfies RateClientOptions);
    clearInterval(progress);
    const to = Date.now();
    const rss = sampler.stop();
    const loopLag = readLoopLag(stage.loopLagFile, from, to);
    const loadAverageAtEnd = loadavg();
    await stage.stop();
    const callLog: CallLogCount = countCallLog(stage.storeFile);
    const afterWarmUp = rss.find((sample) => sample.t >= 60) ?? rss[0];
    const end = rss.at(-1);
    const growthPercent =
      afterWarmUp === undefined || end === undefined
        ? null
        : Math.round(((end.mb - afterWarmUp.mb) / afterWarmUp.mb) * 1000) / 10;
    // Single samples swing with GC; the medians of minute 2 and of the last minute are steadier.
    const medianOrNull = (values: number[]): number | null => (values.length === 0 ? null : median(values));
    const lastT = end?.t ?? 0;
    const minute2 = medianOrNull(
      rss.filter((sample) => sample.t >= 60 && sample.t < 120).map((sample) => sample.mb),
    );
    const lastMinute = medianOrNull(
      rss.filter((sample) => sample.t >= lastT - 60).map((sample) => sample.mb),
    );
    const growthOfMediansPercent =
      minute2 === null || lastMinute === null
        ? null
        : Math.round(((lastMinute - minute2) / minute2) * 1000) / 10;
    const sentToPortico = warm.requests + peak.requests + client.sent;
    return {
      scenario: 'soak',
      ...context(repositoryRoot, stage.pinned),
      loadAverage: { atStart: loadAverageAtStart, atEnd: loadAverageAtEnd },
      peak: { ...peak, requestsPerSecond: Math.round(peakRps) },
      warmUp: warm,
      rate,
      client,
      porticoRssMb: {
        afterWarmUp: afterWarmUp ?? null,
        end: end ?? null,
        max: Math.max(...rss.map((sample) => sample.mb)),
        growthPercent,
        medianMinute2: minute2,
        medianLastMinute: lastMinute,
        growthOfMediansPercent,
        samples: rss,
      },
      porticoEventLoopLagMs: loopLag,
      callLog: {
        ...callLog,
        requestsSentToPortico: sentToPortico,
        completedOk: warm.requests - warm.non2xx + peak.requests - peak.non2xx + client.ok,
        note: 'wrk counts requests it completed; requests cut off when a wrk run ends are not in it',
      },
      targets: {
        rssGrowthUnder10Percent: growthPercent !== null && growthPercent < 10,
        rssMedianGrowthUnder10Percent: growthOfMediansPercent !== null && growthOfMediansPercent < 10,
      },
    };
  } finally {
    await stage.stop();
    rmSync(stage.directory, { recursive: true, force: true });
  }
}

/** Scenario "rest", and its rows of the bench table on the console. */
async function restWithTable(repositoryRoot: string): Promise<Record<string, unknown>> {
  const result = await restScenario(repositoryRoot);
  console.log(`\n${renderRestMarkdown(result)}`);
  return { ...result };
}

/** Runs one opt-in scenario and writes bench/results/<date>-<name>.json (smoke-sized runs go to the temp dir). */
export async function runExtraScenario(name: ExtraScenario, repositoryRoot: string): Promise<void> {
  const result: Record<string, unknown> =
    name === 'cpu-pairs'
      ? await cpuPairsScenario(repositoryRoot)
      : name === 'slow-streams'
        ? await slowStreams(repositoryRoot)
        : name === 'soak'
          ? await soak(repositoryRoot)
          : name === 'workers'
            ? await workersScenario(repositoryRoot)
            : name === 'rest'
              ? await restWithTable(repositoryRoot)
              : await tokenizerScenario(repositoryRoot);
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const pairs = readPairsSettings();
  const full =
    name === 'cpu-pairs'
      ? pairs.rounds >= 7 && pairs.secondsPerRun >= 4
      : name === 'slow-streams'
        ? readNumber('BENCH_SLOW_STREAMS', 2000) >= 2000 && readNumber('BENCH_SLOW_CHUNKS', 300) >= 300
        : name === 'soak'
          ? readNumber('BENCH_SOAK_S', 600) >= 180
          : name === 'workers'
            ? readNumber('BENCH_DURATION_S', 10) >= 10
            : name === 'rest'
              ? readNumber('BENCH_REST_ROUNDS', 5) >= 5 && readNumber('BENCH_REST_S', 5) >= 5
              : readNumber('BENCH_TOKENIZER_REPEATS', 5) >= 5;
  const directory =
    full || process.env['BENCH_WRITE'] === '1' ? join(repositoryRoot, 'bench/results') : tmpdir();
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `${new Date().toISOString().slice(0, 10)}-${name}.json`);
  writeFileSync(file, json);
  const rss = result['porticoRssMb'] as Record<string, unknown> | undefined;
  // The RSS samples are in the file; the console gets the rest.
  const summary = rss === undefined ? result : { ...result, porticoRssMb: { ...rss, samples: undefined } };
  console.log(JSON.stringify(summary, null, 2));
  console.log(`Wrote ${file}`);
}
