import { chmodSync, existsSync, mkdirSync } from 'node:fs';

/**
 * Creates `directory` (and missing parents) readable by this user only (0700), whatever the
 * umask. An existing directory is left as the operator set it.
 */
export function createPrivateDirectory(directory: string): void {
  if (existsSync(directory)) return;
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  chmodSync(directory, 0o700);
}
