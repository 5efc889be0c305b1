import type { Parameters } from 'fast-check';

// CI runs a fixed seed so a failure reproduces; `npm run fuzz` sets FUZZ_RUNS (and FUZZ_SEED to explore).
const runsFromEnvironment = Number(process.env['FUZZ_RUNS'] ?? '');
const seedFromEnvironment = Number(process.env['FUZZ_SEED'] ?? '');

/** The seed of every property; fast-check prints it with the counterexample on failure. */
export const fuzzSeed =
  Number.isInteger(seedFromEnvironment) && seedFromEnvironment !== 0 ? seedFromEnvironment : 20261207;

/** True under `npm run fuzz`: more cases, longer timeouts. */
export const longFuzz = Number.isInteger(runsFromEnvironment) && runsFromEnvironment > 0;

/**
 * fast-check parameters for one property: `ciRuns` cases in CI, or FUZZ_RUNS × `share` (at least
 * `ciRuns`) under `npm run fuzz`; `share` is below 1 for properties that cost an HTTP call.
 */
export function fuzzParameters<Value>(ciRuns: number, share = 1): Parameters<Value> {
  const numRuns = longFuzz ? Math.max(ciRuns, Math.round(runsFromEnvironment * share)) : ciRuns;
  return { seed: fuzzSeed, numRuns };
}

/** Timeout of one fuzz test, in milliseconds. */
export const fuzzTimeoutMs = longFuzz ? 1_800_000 : 60_000;
