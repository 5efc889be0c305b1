import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunResult, Scenario } from './bench-result.js';
import { chatRequestBody } from './chat-request-body.js';
import type { TtfbOptions, TtfbSummary } from './measure-ttfb.js';
import { readCoreTimes, readCpuSeconds, readPeakRssMb } from './process-stats.js';
import { runLoad } from './run-load.js';
import type { WrkSummary } from './run-wrk.js';
import type { RunningTarget } from './start-targets.js';

/** One scenario against one target. */
export interface MeasureOptions {
  scenario: Scenario;
  target: RunningTarget;
  fakePid: number;
  durationS: number;
  /** Directory holding the plain-JS bench scripts (see transpile-bench.ts). */
  scriptsDirectory: string;
  /** Untimed and timed requests of the TTFB scenario. */
  ttfb: { warmup: number; requests: number };
  /** taskset CPU list for the load generator; unpinned when undefined. */
  loadCpus: string | undefined;
  /** /proc/stat indexes of the load and gateway cores when pinned, to report how busy each was. */
  cores: { load: number; gateway: number } | undefined;
}

const run = promisify(execFile);

/** Runs the load and reads the target's CPU time, peak RSS and the busy share of each core around it. */
export async function measureScenario(options: MeasureOptions): Promise<RunResult> {
  const { scenario, target } = options;
  const gatewayPids = target.pids;
  const cpuBefore = readCpuSeconds(gatewayPids);
  const fakeBefore = readCpuSeconds([options.fakePid]);
  const coresBefore = readCoreTimes();
  const startedAt = process.hrtime.bigint();
  const load = scenario.tool === 'wrk' ? await runWrkScenario(options) : await runTtfbScenario(options);
  const wallS = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const cpuS = readCpuSeconds(gatewayPids) - cpuBefore;
  const fakeS = readCpuSeconds([options.fakePid]) - fakeBefore;
  const coresAfter = readCoreTimes();
  const busy = (index: number): number | null => {
    const before = coresBefore[index];
    const after = coresAfter[index];
    if (before === undefined || after === undefined || after.total === before.total) return null;
    return round(((after.busy - before.busy) / (after.total - before.total)) * 100, 1);
  };
  const timed = scenario.tool === 'wrk';
  // The TTFB run's wall time includes starting its client process, so shares of a core mean nothing there.
  const cpuPercent = gatewayPids.length === 0 || !timed ? null : round((cpuS / wallS) * 100, 1);
  const loadCoreBusy = options.cores === undefined || !timed ? null : busy(options.cores.load);
  const gatewayCoreBusy = options.cores === undefined || !timed ? null : busy(options.cores.gateway);
  // Both diluted alike by the TTFB client's start-up, so their difference still shows other work on core 1.
  const rawGatewayCoreBusy = options.cores === undefined ? null : busy(options.cores.gateway);
  const otherLoad =
    rawGatewayCoreBusy === null ? null : Math.max(0, rawGatewayCoreBusy - (cpuS / wallS) * 100);
  const perRequestUs = (seconds: number): number => round((seconds * 1e6) / Math.max(1, load.sent), 1);
  return {
    scenario: scenario.id,
    target: target.name,
    requests: load.summary.requests,
    requestsPerSecond: timed ? round(load.summary.requests / load.summary.durationS, 0) : null,
    p50Ms: round(load.summary.p50Ms, 3),
    p99Ms: round(load.summary.p99Ms, 3),
    non2xx: load.summary.non2xx,
    socketErrors: load.summary.socketErrors,
    cpuUsPerRequest: gatewayPids.length === 0 ? null : perRequestUs(cpuS),
    cpuPercent,
    peakRssMb: round(readPeakRssMb(gatewayPids.length === 0 ? [options.fakePid] : gatewayPids), 1),
    fakeCpuUsPerRequest: perRequestUs(fakeS),
    loadCoreBusyPercent: loadCoreBusy,
    gatewayCoreBusyPercent: gatewayCoreBusy,
    otherLoadOnGatewayCorePercent: otherLoad === null ? null : round(otherLoad, 1),
    attempts: 1,
    completed: load.sent,
  };
}

/** What a load run reports, plus how many requests the target served in total (for CPU per request). */
interface LoadOutcome {
  summary: WrkSummary | (TtfbSummary & { durationS: number });
  sent: number;
}

async function runWrkScenario(options: MeasureOptions): Promise<LoadOutcome> {
  const summary = await runLoad({
    url: `${options.target.origin}/v1/chat/completions`,
    connections: options.scenario.connections,
    durationS: options.durationS,
    body: chatRequestBody(options.target.model, options.scenario.stream),
    bearer: options.target.bearer,
    cpus: options.loadCpus,
  });
  return { summary, sent: summary.requests };
}

// A separate process on the load core, like wrk, so the client never shares the gateway's core.
async function runTtfbScenario(options: MeasureOptions): Promise<LoadOutcome> {
  const ttfbOptions: TtfbOptions = {
    origin: options.target.origin,
    path: '/v1/chat/completions',
    body: chatRequestBody(options.target.model, true),
    bearer: options.target.bearer,
    warmup: options.ttfb.warmup,
    requests: options.ttfb.requests,
  };
  const nodeArgs = [join(options.scriptsDirectory, 'measure-ttfb.js'), JSON.stringify(ttfbOptions)];
  const [command, args] =
    options.loadCpus === undefined
      ? [process.execPath, nodeArgs]
      : ['taskset', ['-c', options.loadCpus, process.execPath, ...nodeArgs]];
  const { stdout } = await run(command, args);
  const summary = JSON.parse(stdout) as TtfbSummary;
  return { summary: { ...summary, durationS: 0 }, sent: options.ttfb.warmup + options.ttfb.requests };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
