import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A process the harness starts and waits for. */
export interface ServiceOptions {
  /** Label used in messages. */
  name: string;
  command: string;
  args: readonly string[];
  /** taskset CPU list (e.g. `1`); unpinned when undefined. */
  cpus: string | undefined;
  /** The service is ready once this 127.0.0.1 port accepts connections. */
  port: number;
  /** File receiving the service's stdout and stderr. */
  logFile: string;
  env?: NodeJS.ProcessEnv | undefined;
}

/** A running service. */
export interface Service {
  name: string;
  /** The process id (taskset execs, so this is the service itself). */
  pid: number;
  port: number;
  logFile: string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process exited. */
  stop(): Promise<void>;
}

const readyTimeoutMs = 20_000;

/** Spawns a service (pinned with taskset when `cpus` is set) and waits until its port accepts connections. */
export async function startService(options: ServiceOptions): Promise<Service> {
  const log = openSync(options.logFile, 'a');
  const [command, args] =
    options.cpus === undefined
      ? [options.command, options.args]
      : ['taskset', ['-c', options.cpus, options.command, ...options.args]];
  const child = spawn(command, args, { stdio: ['ignore', log, log], env: options.env ?? process.env });
  closeSync(log);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const deadline = Date.now() + readyTimeoutMs;
  while (!(await accepts(options.port))) {
    if (exitCode !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      const tail = readFileSync(options.logFile, 'utf8').slice(-2000);
      throw new Error(
        `${options.name} did not start listening on 127.0.0.1:${options.port} (exit code ${exitCode ?? 'none'}): ${command} ${args.join(' ')}\n${tail}`,
      );
    }
    await sleep(50);
  }
  if (child.pid === undefined) throw new Error(`${options.name}: spawn returned no pid`);
  return {
    name: options.name,
    pid: child.pid,
    port: options.port,
    logFile: options.logFile,
    async stop() {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
