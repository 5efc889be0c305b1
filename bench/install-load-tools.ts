import { spawnSync } from 'node:child_process';
import { findExecutable } from './find-executable.js';

const nginxPaths = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'];

/**
 * Installs the Debian packages `wrk` and `nginx` when one is missing and installing is allowed:
 * running as root with apt-get present, and `BENCH_INSTALL` not `0`. Otherwise, or when apt-get
 * fails, says so; the run then uses autocannon for wrk and skips nginx, and records both.
 */
export function installLoadTools(): void {
  const missing = [
    ...(findExecutable('wrk') === undefined ? ['wrk'] : []),
    ...(findExecutable('nginx', nginxPaths) === undefined ? ['nginx'] : []),
  ];
  if (missing.length === 0) return;
  const consequence = 'without wrk, autocannon loads scenarios a–d; without nginx, its rows are skipped';
  const allowed =
    process.env['BENCH_INSTALL'] !== '0' &&
    process.getuid?.() === 0 &&
    findExecutable('apt-get', ['/usr/bin/apt-get']) !== undefined;
  if (!allowed) {
    console.log(
      `${missing.join(' and ')} not installed and not installing (needs root and apt-get; BENCH_INSTALL=0 forbids it): ${consequence}`,
    );
    return;
  }
  console.log(`installing ${missing.join(' and ')} with apt-get (BENCH_INSTALL=0 to skip)`);
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (install.status !== 0) console.log(`apt-get install failed: ${consequence}`);
}
