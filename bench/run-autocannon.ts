import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { WrkOptions, WrkSummary } from './run-wrk.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));

/** What `autocannon --json` prints that the bench reads. */
interface AutocannonJson {
  requests: { total: number };
  duration: number;
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * The same run as `runWrk`, made by autocannon (a devDependency) when wrk is not installed: its
 * CLI in its own process (pinned like wrk), one request at a time per connection. Its client is
 * JavaScript and saturates earlier than wrk, so its numbers are not comparable with wrk runs;
 * the report says which tool made them.
 */
export async function runAutocannon(options: WrkOptions): Promise<WrkSummary> {
  const args = [
    cli,
    '--json',
    '--connections',
    String(options.connections),
    '--duration',
    String(Math.max(1, Math.round(options.durationS))),
    '--timeout',
    '10',
    '--method',
    'POST',
    '--headers',
    'content-type=application/json',
    ...(options.bearer === undefined ? [] : ['--headers', `authorization=Bearer ${options.bearer}`]),
    '--body',
    options.body,
    options.url,
  ];
  const [command, commandArgs] =
    options.cpus === undefined
      ? [process.execPath, args]
      : ['taskset', ['-c', options.cpus, process.execPath, ...args]];
  const { stdout } = await run(command, commandArgs, { maxBuffer: 16 << 20 });
  const raw = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as AutocannonJson;
  return {
    requests: raw.requests.total,
    durationS: raw.duration,
    p50Ms: raw.latency.p50,
    p99Ms: raw.latency.p99,
    non2xx: raw.non2xx,
    socketErrors: raw.errors + raw.timeouts,
  };
}
