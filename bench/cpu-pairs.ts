import { setTimeout as sleep } from 'node:timers/promises';
import type { CpuPairsResult, PairedRatio, RunResult, Scenario, TargetName } from './bench-result.js';
import { checkHost } from './host-check.js';
import { isNoisy } from './is-noisy.js';
import { measureScenario } from './measure-scenario.js';
import { pairedRatio } from './paired-ratio.js';
import type { RunningTarget } from './start-targets.js';

/** The targets of scenario "cpu-pairs", the reference first. */
export const pairedTargets = [
  'bare-proxy',
  'bare-stream',
  'portico',
] as const satisfies readonly TargetName[];
const reference = 'bare-proxy';

const pairsLoad: Scenario = {
  id: 'a',
  title: 'non-streamed, 50 connections',
  connections: 50,
  stream: false,
  tool: 'wrk',
};

/** Where and how long to measure. */
export interface CpuPairsOptions {
  /** Running targets; those not in `pairedTargets` are ignored. */
  targets: readonly RunningTarget[];
  fakePid: number;
  scriptsDirectory: string;
  rounds: number;
  secondsPerRun: number;
  pinned: boolean;
  /** 1-minute load average taken before anything was started. */
  loadAverageAtStart: number;
  coreCount: number;
  /** Called after each run (progress, the call-log count). */
  onRun(result: RunResult, round: number): void;
}

/**
 * CPU per request of the reference, the old reference and Portico in short runs that take turns
 * within each round, the order reversed every other round (so neither side always follows the
 * other), and each ratio taken round by round: a stretch of host contention spoils one pair, not
 * one side of a total. Reports the median and range of the paired ratios and whether the host
 * looked disturbed.
 */
export async function measureCpuPairs(options: CpuPairsOptions): Promise<CpuPairsResult> {
  const targets = pairedTargets.flatMap((name) => options.targets.filter((target) => target.name === name));
  const perRound = new Map<TargetName, (number | null)[]>();
  let noisyRuns = 0;
  for (let round = 1; round <= options.rounds; round++) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      const result = await measureScenario({
        scenario: pairsLoad,
        target,
        fakePid: options.fakePid,
        durationS: options.secondsPerRun,
        scriptsDirectory: options.scriptsDirectory,
        ttfb: { warmup: 0, requests: 0 },
        loadCpus: options.pinned ? '0' : undefined,
        cores: options.pinned ? { load: 0, gateway: 1 } : undefined,
      });
      if (isNoisy(result)) noisyRuns++;
      perRound.set(target.name, [...(perRound.get(target.name) ?? []), result.cpuUsPerRequest]);
      options.onRun(result, round);
      await sleep(500); // Let closed connections and GC settle between runs.
    }
  }
  const referenceRounds = perRound.get(reference) ?? [];
  const ratios: Record<string, PairedRatio> = {};
  for (const [name, rounds] of perRound) {
    const ratio = name === reference ? null : pairedRatio(rounds, referenceRounds);
    if (ratio !== null) ratios[`${name}/${reference}`] = ratio;
  }
  return {
    connections: pairsLoad.connections,
    secondsPerRun: options.secondsPerRun,
    rounds: options.rounds,
    roundCpuUsPerRequest: Object.fromEntries(perRound),
    ratios,
    noisyRuns,
    host: checkHost({
      loadAverageAtStart: options.loadAverageAtStart,
      coreCount: options.coreCount,
      referenceRounds,
      noisyRuns,
    }),
  };
}

/** Rounds and seconds per run of scenario "cpu-pairs": BENCH_PAIR_ROUNDS (7) and BENCH_PAIR_S (4). */
export function readPairsSettings(): { rounds: number; secondsPerRun: number } {
  const read = (name: string, fallback: number): number => {
    const raw = process.env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
    return value;
  };
  return { rounds: read('BENCH_PAIR_ROUNDS', 7), secondsPerRun: read('BENCH_PAIR_S', 4) };
}

/** One console line per run. */
export function pairsProgressLine(result: RunResult, round: number, rounds: number): string {
  const other = result.otherLoadOnGatewayCorePercent;
  return (
    `  round ${round}/${rounds} ${result.target.padEnd(12)} ${result.requestsPerSecond ?? 0} req/s  ` +
    `cpu ${result.cpuUsPerRequest ?? '—'} µs/req${other === null ? '' : `  other work on core 1 ${other}%`}`
  );
}
