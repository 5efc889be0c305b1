// Builds dist/ from src/ and dist/web/ from web/ when a source is newer than the last build, so `npm start` and `portico`
// in a checkout never run stale code, and do not spend a build when nothing changed.
// An installed package has no src/: nothing to do there.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockDir = join(root, 'dist.building');
/** A lock older than this was left by a build that died; it is taken over. */
const staleLockMs = 10 * 60_000;

/**
 * What `npm start` keeps built, in order: the server (tsc rewrites every output on each build, and
 * none after a failed one: noEmitOnError) and the web console (vite empties dist/web/ first and
 * writes index.html last). A part whose sources are absent (an installed package) is skipped.
 */
const parts = [
  {
    name: 'the server',
    builtFile: join(root, 'dist', 'cli', 'main.js'),
    sources: ['src', 'tsconfig.json', 'tsconfig.build.json'],
    tool: ['typescript', 'bin/tsc'],
    args: ['-p', join(root, 'tsconfig.build.json')],
  },
  {
    name: 'the web console',
    builtFile: join(root, 'dist', 'web', 'index.html'),
    sources: ['web'],
    tool: ['vite', 'bin/vite.js'],
    args: ['build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'],
    // Vite builds React's development bundles when NODE_ENV says so (vitest sets `test`).
    env: { NODE_ENV: 'production' },
  },
];

/** Newest modification time (ms) of the files under `path`, or of `path` itself. */
function newestChange(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted or renamed file changes its directory's time
  for (const entry of readdirSync(path)) {
    if (entry !== 'node_modules') newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/** Why `part` must be built now, or undefined when it is up to date. */
function partStaleness(part) {
  if (!existsSync(join(root, part.sources[0]))) return undefined;
  const built = statSync(part.builtFile, { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) return 'first start';
  return part.sources.some((source) => newestChange(join(root, source)) > built) ? 'sources changed' : undefined;
}

/** Why something must be built now, or undefined when everything is up to date. */
function staleness() {
  const reasons = parts.flatMap((part) => {
    const reason = partStaleness(part);
    return reason === undefined ? [] : [`${part.name}: ${reason}`];
  });
  return reasons.length === 0 ? undefined : reasons.join('; ');
}

/** Runs a build tool; a SIGINT or SIGTERM meanwhile stops it and this process (nothing is served yet). */
function compile(part) {
  let tool;
  try {
    // Through package.json: vite's exports map hides its bin file from require.resolve.
    const [name, bin] = part.tool;
    tool = join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), bin);
  } catch {
    process.stderr.write(`Cannot build ${part.name}: ${part.tool[0]} is not installed. Run \`npm install\` first.\n`);
    process.exit(1);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tool, ...part.args], {
      cwd: root,
      env: { ...process.env, ...part.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const stop = (signal) => {
      child.kill(signal);
      rmSync(lockDir, { recursive: true, force: true });
      process.exit(1);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.once('exit', (code) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(code ?? 1);
    });
  });
}

/** Takes the build lock, waiting while another process builds; false when that build did the work. */
async function lock() {
  for (;;) {
    if (staleness() === undefined) return false;
    try {
      mkdirSync(lockDir);
      return true;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    // Another start builds now (tests start several at once): wait until it is done.
    while (existsSync(lockDir)) {
      const since = statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > staleLockMs) rmSync(lockDir, { recursive: true, force: true });
      await new Promise((wait) => setTimeout(wait, 200));
    }
  }
}

/** Builds what is older than its sources (saying so on stderr); exits 1 when a build fails. */
export async function buildIfStale() {
  const reason = staleness();
  if (reason === undefined) return;
  process.stderr.write(`building Portico (${reason})…\n`);
  if (!(await lock())) return;
  const startedAt = Date.now();
  try {
    for (const part of parts) {
      if (partStaleness(part) === undefined) continue;
      const code = await compile(part);
      if (code !== 0) {
        process.stderr.write(`The build of ${part.name} failed (errors above); Portico did not start.\n`);
        process.exit(code);
      }
    }
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
  process.stderr.write(`built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
}
