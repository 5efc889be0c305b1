import type { RunResult } from '../../../bench/bench-result.js';

/** One measured run of scenario a against Portico: 1,000 requests at 100 µs each; override what a test needs. */
export function benchRun(overrides: Partial<RunResult> = {}): RunResult {
  return {
    scenario: 'a',
    target: 'portico',
    requests: 1_000,
    requestsPerSecond: 1_000,
    p50Ms: 1,
    p99Ms: 10,
    non2xx: 0,
    socketErrors: 0,
    cpuUsPerRequest: 100,
    cpuPercent: 10,
    peakRssMb: 100,
    fakeCpuUsPerRequest: 20,
    loadCoreBusyPercent: 50,
    gatewayCoreBusyPercent: 60,
    otherLoadOnGatewayCorePercent: 2,
    attempts: 1,
    completed: 1_000,
    ...overrides,
  };
}
