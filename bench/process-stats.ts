import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** Kernel clock ticks per second (`getconf CLK_TCK`), the unit of utime/stime in /proc/<pid>/stat. */
export function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return ticksPerSecond;
}

/** user + system CPU time of the processes (all their threads), in seconds. */
export function readCpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readProcFile(pid, 'stat');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / clockTicksPerSecond();
}

/**
 * user + system CPU of the process's main thread only (its event loop), in seconds: helper
 * threads (call log, tokenizer, libuv pool) are left out.
 */
export function readMainThreadCpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  } catch (error) {
    throw new Error(`process ${pid} is gone: it exited or was killed during the run`, { cause: error });
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
}

/** Sum of VmHWM (peak resident set since start) of the processes, in MB. */
export function readPeakRssMb(pids: readonly number[]): number {
  return sumStatusKb(pids, 'VmHWM') / 1024;
}

/** Sum of VmRSS (current resident set) of the processes, in MB. */
export function readRssMb(pids: readonly number[]): number {
  return sumStatusKb(pids, 'VmRSS') / 1024;
}

/** A process and its direct children (nginx: master and workers). */
export function withChildren(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // The process exited while we were listing.
    }
  }
  return [pid, ...children];
}

/** Busy and total jiffies of each CPU, from /proc/stat. */
export function readCoreTimes(): { busy: number; total: number }[] {
  const cores: { busy: number; total: number }[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    if (!/^cpu\d+ /.test(line)) continue;
    const values = line.split(/\s+/).slice(1, 9).map(Number);
    const total = values.reduce((sum, value) => sum + value, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    cores.push({ busy: total - idle, total });
  }
  return cores;
}

function sumStatusKb(pids: readonly number[], field: string): number {
  let kb = 0;
  for (const pid of pids) {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readProcFile(pid, 'status'));
    kb += Number(match?.[1] ?? 0);
  }
  return kb;
}

function readProcFile(pid: number, name: 'stat' | 'status'): string {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch (error) {
    throw new Error(`process ${pid} is gone: it exited or was killed during the run`, { cause: error });
  }
}
