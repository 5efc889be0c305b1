import type { RunResult } from './bench-result.js';
import { median } from './median.js';

/**
 * One row from the rounds of a scenario against one target. The targets take turns round by
 * round, so a stretch of host contention (this VM's steal time is counted as process time and
 * not reported apart) lands on all of them rather than on whichever ran during it. Totals are
 * summed (CPU per request = all CPU ÷ all requests), latency percentiles are the median round's,
 * peak RSS the highest.
 */
export function mergeRounds(rounds: readonly RunResult[]): RunResult {
  const first = rounds[0];
  if (first === undefined) throw new Error('mergeRounds needs at least one round');
  if (rounds.length === 1) return first;
  const completed = sum(rounds, (round) => round.completed);
  const requests = sum(rounds, (round) => round.requests);
  const seconds = sum(rounds, (round) =>
    round.requestsPerSecond === null || round.requestsPerSecond === 0
      ? 0
      : round.requests / round.requestsPerSecond,
  );
  const perRequest = (read: (round: RunResult) => number | null): number | null =>
    rounds.some((round) => read(round) === null)
      ? null
      : round1(sum(rounds, (round) => (read(round) ?? 0) * round.completed) / Math.max(1, completed));
  return {
    ...first,
    requests,
    requestsPerSecond:
      first.requestsPerSecond === null || seconds === 0 ? null : Math.round(requests / seconds),
    p50Ms: median(rounds.map((round) => round.p50Ms)),
    p99Ms: median(rounds.map((round) => round.p99Ms)),
    non2xx: sum(rounds, (round) => round.non2xx),
    socketErrors: sum(rounds, (round) => round.socketErrors),
    cpuUsPerRequest: perRequest((round) => round.cpuUsPerRequest),
    cpuPercent: mean(rounds.map((round) => round.cpuPercent)),
    peakRssMb: Math.max(...rounds.map((round) => round.peakRssMb)),
    fakeCpuUsPerRequest: perRequest((round) => round.fakeCpuUsPerRequest) ?? 0,
    loadCoreBusyPercent: mean(rounds.map((round) => round.loadCoreBusyPercent)),
    gatewayCoreBusyPercent: mean(rounds.map((round) => round.gatewayCoreBusyPercent)),
    otherLoadOnGatewayCorePercent: mean(rounds.map((round) => round.otherLoadOnGatewayCorePercent)),
    attempts: sum(rounds, (round) => round.attempts),
    rounds: rounds.length,
    roundCpuUsPerRequest: rounds.map((round) => round.cpuUsPerRequest),
    completed,
  };
}

function sum(rounds: readonly RunResult[], read: (round: RunResult) => number): number {
  let total = 0;
  for (const round of rounds) total += read(round);
  return total;
}

function mean(values: readonly (number | null)[]): number | null {
  let total = 0;
  for (const value of values) {
    if (value === null) return null;
    total += value;
  }
  return round1(total / values.length);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
