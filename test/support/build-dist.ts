import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Long enough for a cold `tsc` on a loaded 2-core host; hooks default to 20 s. */
export const buildTimeoutMs = 600_000;

/**
 * Builds dist/ when it is missing or older than src/, for the tests that run the built
 * `bin/portico.js`: `npm test` no longer builds first, so only a run that includes one of them
 * pays for a build. Goes through bin/build-if-stale.js, whose lock makes the test files that call
 * this at once build only once. Call it as `beforeAll(buildDist, buildTimeoutMs)`.
 */
export function buildDist(): void {
  const script = `import(${JSON.stringify(resolve('bin/build-if-stale.js'))}).then((m) => m.buildIfStale())`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building dist/ failed:\n${result.stdout}${result.stderr}`);
}
