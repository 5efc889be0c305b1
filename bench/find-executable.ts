import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** `name` when it runs from PATH (probed with `-v`), else the first existing candidate path, else undefined. */
export function findExecutable(name: string, candidates: readonly string[] = []): string | undefined {
  if (spawnSync(name, ['-v'], { stdio: 'ignore' }).error === undefined) return name;
  return candidates.find((candidate) => existsSync(candidate));
}
