import type { HostCheck } from './bench-result.js';
import { noiseThresholdPercent } from './is-noisy.js';

/** 1-minute load average per core, before the run, above which other work was already running. */
export const loadAveragePerCoreLimit = 0.5;

/**
 * The reference's highest over lowest CPU per request across rounds above which the host was not
 * steady. By hand on a quiet host the reference stayed within 74–83 µs (×1.12); under contention
 * the same proxy moved by ×2 and more.
 */
export const referenceSpreadLimit = 1.2;

/** What the host check reads. */
export interface HostSigns {
  loadAverageAtStart: number;
  coreCount: number;
  /** The reference's CPU per request in each round (null: not measured in that round). */
  referenceRounds: readonly (number | null)[];
  /** Runs in which other processes took more than the noise threshold of the gateway core. */
  noisyRuns: number;
}

/**
 * Says whether the host was disturbed. The VM's own contention (a busy host) is not visible from
 * inside as steal time, so the reference's variation is the main sign: the same code doing the same
 * work should cost the same in every round.
 */
export function checkHost(signs: HostSigns): HostCheck {
  const reasons: string[] = [];
  const loadLimit = loadAveragePerCoreLimit * signs.coreCount;
  if (signs.loadAverageAtStart > loadLimit)
    reasons.push(
      `load average ${signs.loadAverageAtStart.toFixed(2)} before the run (limit ${loadLimit.toFixed(1)} on ${signs.coreCount} cores)`,
    );
  const measured = signs.referenceRounds.filter((value): value is number => value !== null && value > 0);
  const referenceSpread = measured.length < 2 ? null : round(Math.max(...measured) / Math.min(...measured));
  if (referenceSpread !== null && referenceSpread > referenceSpreadLimit)
    reasons.push(
      `the reference's own CPU per request moved ${Math.min(...measured)}–${Math.max(...measured)} µs across rounds (×${referenceSpread.toFixed(2)}, limit ×${referenceSpreadLimit})`,
    );
  if (signs.noisyRuns > 0)
    reasons.push(
      `${signs.noisyRuns} run(s) had other processes on the gateway core above ${noiseThresholdPercent}%`,
    );
  return {
    disturbed: reasons.length > 0,
    reasons,
    loadAverageAtStart: round(signs.loadAverageAtStart),
    referenceSpread,
  };
}

/** One line for the console and the report. */
export function describeHost(host: HostCheck): string {
  return host.disturbed
    ? `HOST DISTURBED: ${host.reasons.join('; ')}. Treat the CPU figures as noisy.`
    : 'host quiet by the checks (load average before the run, the reference steady across rounds, no noisy run)';
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
