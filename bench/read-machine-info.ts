import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, release } from 'node:os';

/** The machine and software a run was measured on, as printed in docs/benchmarks.md. */
export interface MachineInfo {
  machine: Record<string, string>;
  versions: Record<string, string>;
}

/** Reads CPU, memory and kernel from /proc and the versions of node, nginx, wrk, undici and Portico. */
export function readMachineInfo(repositoryRoot: string): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  const packageVersion = (path: string): string =>
    (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  return {
    machine: {
      cores: String(cpus().length),
      cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
      memory: `${(memKb / 1024 / 1024).toFixed(1)} GiB`,
      kernel: release(),
    },
    versions: {
      node: process.version,
      nginx: firstLine('nginx', ['-v']).replace(/^nginx version:\s*/, ''),
      wrk: firstLine('wrk', ['-v']).replace(/\s*Copyright.*$/, ''),
      undici: packageVersion(`${repositoryRoot}/node_modules/undici/package.json`),
      portico: `${packageVersion(`${repositoryRoot}/package.json`)} (${firstLine('git', ['-C', repositoryRoot, 'describe', '--always', '--dirty'])})`,
      porticoBuild: describeBuild(repositoryRoot),
    },
  };
}

/** First non-empty output line of a command (stdout or stderr, whatever the exit code), or `missing`. */
function firstLine(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error !== undefined) return 'missing';
  return (
    `${result.stdout}${result.stderr}`
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? 'unknown'
  );
}

/** When dist/ was built, and whether src/ changed since (then the run measured older code). */
function describeBuild(repositoryRoot: string): string {
  const builtAt = statSync(join(repositoryRoot, 'dist/cli/main.js')).mtimeMs;
  const newest = newestMtime(join(repositoryRoot, 'src'));
  const stale = newest > builtAt ? ', older than src/: run `npm run build`' : '';
  return `dist built ${new Date(builtAt).toISOString()}${stale}`;
}

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
