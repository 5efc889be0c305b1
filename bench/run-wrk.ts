import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** One wrk run. */
export interface WrkOptions {
  url: string;
  connections: number;
  durationS: number;
  /** JSON request body. */
  body: string;
  /** Bearer key, or undefined for none. */
  bearer: string | undefined;
  /** taskset CPU list for wrk; unpinned when undefined. */
  cpus: string | undefined;
  /** The wrk script: post-chat.lua (default: POSTs `body`) or rest-load.lua (the REST scenario). */
  script?: 'post-chat.lua' | 'rest-load.lua';
  /** More variables for the script (rest-load.lua: BENCH_METHOD, BENCH_BODY_BYTES). */
  env?: Readonly<Record<string, string>>;
}

/** What wrk measured (latencies are for complete responses). */
export interface WrkSummary {
  requests: number;
  durationS: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with status >= 400. */
  non2xx: number;
  /** Connect + read + write + timeout errors. */
  socketErrors: number;
}

const run = promisify(execFile);

/** Runs wrk with one thread and its script, and reads the summary line the script prints. */
export async function runWrk(options: WrkOptions): Promise<WrkSummary> {
  const wrkArgs = [
    '-t1',
    `-c${options.connections}`,
    `-d${Math.max(1, Math.round(options.durationS))}s`,
    '--latency',
    '--timeout',
    '10s',
    '-s',
    fileURLToPath(new URL(options.script ?? 'post-chat.lua', import.meta.url)),
    options.url,
  ];
  const [command, args] =
    options.cpus === undefined ? ['wrk', wrkArgs] : ['taskset', ['-c', options.cpus, 'wrk', ...wrkArgs]];
  const { stdout } = await run(command, args, {
    env: { ...process.env, ...options.env, BENCH_BODY: options.body, BENCH_AUTH: options.bearer ?? '' },
    maxBuffer: 1 << 20,
  });
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('BENCH_JSON '));
  if (line === undefined) throw new Error(`wrk printed no BENCH_JSON line for ${options.url}:\n${stdout}`);
  const raw = JSON.parse(line.slice('BENCH_JSON '.length)) as Record<string, number>;
  const field = (name: string): number => raw[name] ?? Number.NaN;
  return {
    requests: field('requests'),
    durationS: field('durationUs') / 1e6,
    p50Ms: field('p50Us') / 1000,
    p99Ms: field('p99Us') / 1000,
    non2xx: field('status'),
    socketErrors: field('connect') + field('read') + field('write') + field('timeout'),
  };
}
