import { describe, expect, it } from 'vitest';
import { mergeRounds } from '../../../bench/merge-rounds.js';
import { benchRun } from './bench-run-fixture.js';

const round = benchRun;

describe('mergeRounds', () => {
  it('sums work, weighs CPU by requests, takes the median round’s percentiles and the highest RSS', () => {
    const merged = mergeRounds([
      round({
        requests: 1_000,
        completed: 1_000,
        requestsPerSecond: 500,
        cpuUsPerRequest: 100,
        p50Ms: 3,
        peakRssMb: 90,
      }),
      round({
        requests: 3_000,
        completed: 3_000,
        requestsPerSecond: 1_000,
        cpuUsPerRequest: 200,
        p50Ms: 1,
        non2xx: 2,
      }),
      round({
        requests: 2_000,
        completed: 2_000,
        requestsPerSecond: 1_000,
        cpuUsPerRequest: 50,
        p50Ms: 2,
        peakRssMb: 120,
        attempts: 2,
      }),
    ]);
    expect(merged.requests).toBe(6_000);
    expect(merged.completed).toBe(6_000);
    // 6,000 requests in 2 + 3 + 2 seconds.
    expect(merged.requestsPerSecond).toBe(857);
    // (100·1,000 + 200·3,000 + 50·2,000) / 6,000
    expect(merged.cpuUsPerRequest).toBeCloseTo(133.3, 1);
    expect(merged.p50Ms).toBe(2);
    expect(merged.peakRssMb).toBe(120);
    expect(merged.non2xx).toBe(2);
    expect(merged.attempts).toBe(4);
    expect(merged.rounds).toBe(3);
  });

  it('keeps null figures null (direct has no proxy CPU) and a single round as it is', () => {
    const direct = round({ target: 'direct', cpuUsPerRequest: null, cpuPercent: null });
    expect(mergeRounds([direct, direct]).cpuUsPerRequest).toBeNull();
    expect(mergeRounds([direct])).toBe(direct);
    expect(() => mergeRounds([])).toThrow();
  });
});
