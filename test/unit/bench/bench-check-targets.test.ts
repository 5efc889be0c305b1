import { describe, expect, it } from 'vitest';
import type { RunResult, TargetName } from '../../../bench/bench-result.js';
import { checkTargets } from '../../../bench/check-targets.js';
import { mergeRounds } from '../../../bench/merge-rounds.js';
import { benchRun } from './bench-run-fixture.js';

function run(target: TargetName, cpuUsPerRequest: number): RunResult {
  return benchRun({ target, cpuUsPerRequest });
}

const ratio = (results: RunResult[]): number | null =>
  checkTargets(results, null).ratios['a.cpuPerRequest.portico/bare-proxy'] ?? null;

describe('checkTargets CPU ratios', () => {
  it('pairs the rounds and takes the median of their ratios, so one contended round moves one pair', () => {
    // Round 2 ran while the host was busy: both sides of the total would carry it unevenly.
    const bare = mergeRounds([run('bare-proxy', 100), run('bare-proxy', 100), run('bare-proxy', 100)]);
    const portico = mergeRounds([run('portico', 120), run('portico', 400), run('portico', 125)]);
    expect(portico.roundCpuUsPerRequest).toEqual([120, 400, 125]);
    expect(ratio([bare, portico])).toBe(1.25);
    // The totals alone would say (120 + 400 + 125) / 300.
    expect(portico.cpuUsPerRequest! / bare.cpuUsPerRequest!).toBeCloseTo(2.15, 2);
  });

  it('falls back to the totals for single runs and for rounds that do not pair up', () => {
    expect(ratio([run('bare-proxy', 100), run('portico', 150)])).toBe(1.5);
    const bare = mergeRounds([run('bare-proxy', 100), run('bare-proxy', 100)]);
    const portico = mergeRounds([run('portico', 150), run('portico', 150), run('portico', 150)]);
    expect(ratio([bare, portico])).toBe(1.5);
  });

  it('is null when a side is missing, and the target then neither holds nor fails', () => {
    const verdicts = checkTargets([run('portico', 150)], null);
    expect(verdicts.ratios['a.cpuPerRequest.portico/bare-proxy']).toBeNull();
    expect(verdicts.targets[0]?.holds).toBeNull();
  });
});
