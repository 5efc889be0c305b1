import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chatRequestBody } from './chat-request-body.js';
import { measureCpuPairs, pairedTargets, pairsProgressLine, readPairsSettings } from './cpu-pairs.js';
import { findExecutable } from './find-executable.js';
import { describeHost } from './host-check.js';
import { readMachineInfo } from './read-machine-info.js';
import { runLoad } from './run-load.js';
import { startTargets } from './start-targets.js';
import { transpileBench } from './transpile-bench.js';

/**
 * `npm run bench -- --only cpu-pairs`: the fake, the reference, the old reference and Portico
 * (governance on) only, a warm-up, then scenario "cpu-pairs" (cpu-pairs.ts): the CPU ratio alone,
 * in about two and a half minutes, so it can be rerun until the host is quiet.
 */
export async function cpuPairsScenario(repositoryRoot: string): Promise<Record<string, unknown>> {
  const loadAverageAtStart = loadavg()[0] ?? 0;
  const settings = readPairsSettings();
  const warmupS = Number(process.env['BENCH_WARMUP_S'] ?? 10);
  const pinned = cpus().length >= 2 && findExecutable('taskset') !== undefined;
  if (pinned) execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
  const directory = mkdtempSync(join(tmpdir(), 'portico-bench-pairs-'));
  const scriptsDirectory = transpileBench(join(directory, 'scripts'));
  const services = await startTargets({
    directory,
    scriptsDirectory,
    repositoryRoot,
    chunks: 20,
    loadCpus: pinned ? '0' : undefined,
    gatewayCpus: pinned ? '1' : undefined,
    names: pairedTargets,
  });
  try {
    console.log(
      `cpu-pairs: ${settings.rounds} rounds × ${settings.secondsPerRun} s per target (${pairedTargets.join(', ')}), ` +
        `after ${warmupS} s of warm-up each; load average ${loadAverageAtStart.toFixed(2)} at start`,
    );
    for (const target of services.targets) {
      await runLoad({
        url: `${target.origin}/v1/chat/completions`,
        connections: 50,
        durationS: Math.max(1, warmupS),
        body: chatRequestBody(target.model, false),
        bearer: target.bearer,
        cpus: pinned ? '0' : undefined,
      });
    }
    const pairs = await measureCpuPairs({
      targets: services.targets,
      fakePid: services.fake.pid,
      scriptsDirectory,
      ...settings,
      pinned,
      loadAverageAtStart,
      coreCount: cpus().length,
      onRun: (result, round) => console.log(pairsProgressLine(result, round, settings.rounds)),
    });
    console.log(describeHost(pairs.host));
    const { machine, versions } = readMachineInfo(repositoryRoot);
    return {
      scenario: 'cpu-pairs',
      date: new Date().toISOString(),
      machine,
      versions,
      pinning: pinned
        ? 'proxy under test on core 1; fake upstream, wrk and the harness on core 0 (taskset -c)'
        : 'not pinned',
      loadAverage: { atStart: loadAverageAtStart, atEnd: loadavg()[0] ?? 0 },
      warmupS,
      ...pairs,
    };
  } finally {
    await services.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
