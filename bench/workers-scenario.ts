import { rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { chatRequestBody } from './chat-request-body.js';
import { countCallLog } from './count-call-log.js';
import { benchApiKey } from './portico-bench-config.js';
import { readCpuSeconds, readRssMb, withChildren } from './process-stats.js';
import { readMachineInfo } from './read-machine-info.js';
import { runLoad } from './run-load.js';
import { startStage } from './start-stage.js';

/** One Portico layout under the same load. */
interface WorkersRow {
  workers: number;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** user + system CPU of the primary and all its workers, per completed request. */
  cpuUsPerRequest: number;
  /** That CPU as % of one core over the run. */
  cpuPercent: number;
  errors: number;
  /** RSS of primary + workers after the run. */
  rssMb: number;
}

/**
 * `portico start` alone vs `--workers 2`: governed non-streamed chat with wrk at 50 and 200
 * connections. Nothing is pinned: two workers need both cores, so on a 2-core machine wrk and the
 * fake upstream share them, and CPU per request is the comparable figure.
 */
export async function workersScenario(repositoryRoot: string): Promise<Record<string, unknown>> {
  const durationS = Number(process.env['BENCH_DURATION_S'] ?? 10);
  const loadAverageAtStart = loadavg();
  const rows: WorkersRow[] = [];
  const callLog: Record<string, unknown> = {};
  for (const workers of [1, 2]) {
    const stage = await startStage(repositoryRoot, ['--chunks=20'], {
      porticoArgs: workers > 1 ? ['--workers', String(workers)] : [],
      pin: false,
    });
    let sent = 0;
    try {
      await sleep(workers > 1 ? 1500 : 0); // workers fork after the primary listens for admin
      const pids = withChildren(stage.portico.pid);
      const wrk = (connections: number, seconds: number) =>
        runLoad({
          url: `http://127.0.0.1:${stage.portico.port}/v1/chat/completions`,
          connections,
          durationS: seconds,
          body: chatRequestBody('fast', false),
          bearer: benchApiKey,
          cpus: undefined,
        });
      sent += (await wrk(50, 3)).requests;
      for (const connections of [50, 200]) {
        const cpuBefore = readCpuSeconds(pids);
        const started = performance.now();
        const result = await wrk(connections, durationS);
        const cpu = readCpuSeconds(pids) - cpuBefore;
        const elapsedS = (performance.now() - started) / 1000;
        sent += result.requests;
        rows.push({
          workers,
          connections,
          requestsPerSecond: Math.round(result.requests / result.durationS),
          p50Ms: result.p50Ms,
          p99Ms: result.p99Ms,
          cpuUsPerRequest: Math.round((cpu * 1e6) / Math.max(1, result.requests)),
          cpuPercent: Math.round((cpu * 100) / elapsedS),
          errors: result.non2xx + result.socketErrors,
          rssMb: Math.round(readRssMb(withChildren(stage.portico.pid)) * 10) / 10,
        });
        console.log(JSON.stringify(rows.at(-1)));
        await sleep(500);
      }
      await stage.stop();
      callLog[`workers${workers}`] = { ...countCallLog(stage.storeFile), wrkCompleted: sent };
    } finally {
      await stage.stop();
      rmSync(stage.directory, { recursive: true, force: true });
    }
  }
  const { machine, versions } = readMachineInfo(repositoryRoot);
  const at = (workers: number, connections: number) =>
    rows.find((row) => row.workers === workers && row.connections === connections);
  const scaling = [50, 200].map((connections) => ({
    connections,
    throughput2vs1: ratio(at(2, connections)?.requestsPerSecond, at(1, connections)?.requestsPerSecond),
    cpuPerRequest2vs1: ratio(at(2, connections)?.cpuUsPerRequest, at(1, connections)?.cpuUsPerRequest),
  }));
  return {
    scenario: 'workers',
    date: new Date().toISOString(),
    machine,
    versions,
    cores: availableParallelism(),
    pinning: 'none: Portico (primary + workers), wrk and the fake upstream share every core',
    loadAverage: { atStart: loadAverageAtStart, atEnd: loadavg() },
    durationS,
    rows,
    scaling,
    callLog,
  };
}

function ratio(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined || b === 0 ? null : Math.round((a / b) * 100) / 100;
}
