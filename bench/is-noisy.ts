import type { RunResult } from './bench-result.js';

/** Share of the gateway core, in %, that other processes may take before a result counts as noisy. */
export const noiseThresholdPercent = 15;

/** True when other processes on the machine took a noticeable share of the gateway core during the run. */
export function isNoisy(result: RunResult): boolean {
  return (result.otherLoadOnGatewayCorePercent ?? 0) > noiseThresholdPercent;
}
