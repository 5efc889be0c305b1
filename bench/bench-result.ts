import type { RestScenarioResult } from './rest-scenario.js';
/**
 * What is under test: the fake itself, three baselines (nginx; `bare-proxy`, the cheapest honest Node
 * proxy and the reference of the CPU ratios; `bare-stream`, the streaming Node proxy that was the
 * reference until 2026-12-07), and Portico: `portico` and `portico-translated`
 * with governance on (key auth, limits, budgets, call log), `portico-open` without keys for comparison.
 */
export type TargetName =
  'direct' | 'nginx' | 'bare-proxy' | 'bare-stream' | 'portico-open' | 'portico' | 'portico-translated';

/** How each target is labelled in the Markdown tables. */
export const targetLabels: Record<TargetName, string> = {
  direct: 'direct',
  nginx: 'nginx',
  'bare-proxy': 'bare-proxy (the reference: body read whole, answer written as it arrives)',
  'bare-stream': 'bare-stream (body streamed in, answer piped; the reference before 2026-12-07)',
  'portico-open': 'Portico, open (no keys)',
  portico: 'Portico, governance on: key auth, limits, budgets, call log',
  'portico-translated': 'Portico translated, governance on',
};

/** Scenario letters as in docs/benchmarks.md. */
export type ScenarioId = 'a' | 'b' | 'c' | 'd' | 'e';

/** One load shape. */
export interface Scenario {
  id: ScenarioId;
  title: string;
  /** Concurrent keep-alive connections. */
  connections: number;
  stream: boolean;
  /** `wrk` measures throughput and full-response latency; `ttfb` measures time to first body byte. */
  tool: 'wrk' | 'ttfb';
}

/** The figures of one scenario against one target. */
export interface RunResult {
  scenario: ScenarioId;
  target: TargetName;
  /** Completed responses during the run. */
  requests: number;
  /** Completed responses per second; null for the TTFB scenario. */
  requestsPerSecond: number | null;
  /** Median latency in ms (full response for wrk, first body byte for ttfb). */
  p50Ms: number;
  p99Ms: number;
  /** Responses with status >= 400. */
  non2xx: number;
  /** Connect, read, write and timeout errors seen by the load generator. */
  socketErrors: number;
  /** user+sys CPU of the proxy under test per completed request, in µs; null for `direct`. */
  cpuUsPerRequest: number | null;
  /** CPU of the proxy under test as % of one core during the run; null for `direct`. */
  cpuPercent: number | null;
  /** Peak RSS (VmHWM, since process start) of the proxy under test in MB; for `direct`, of the fake. */
  peakRssMb: number;
  /** The fake upstream's own CPU per request, in µs. */
  fakeCpuUsPerRequest: number;
  /** How busy core 0 (fake + load generator) was, %; near 100 means load-bound. Null for ttfb or unpinned. */
  loadCoreBusyPercent: number | null;
  /** How busy core 1 (the proxy under test) was, %; well above `cpuPercent` means other work shared it. */
  gatewayCoreBusyPercent: number | null;
  /** Core 1 busy % not explained by the proxy under test: other processes on the machine (noise). */
  otherLoadOnGatewayCorePercent: number | null;
  /** Runs made; above `rounds` when a noisy run was repeated (the least noisy one is kept). */
  attempts: number;
  /** Rounds merged into this row (scenarios a–d: the targets take turns, see merge-rounds.ts). */
  rounds?: number;
  /**
   * `cpuUsPerRequest` of each round, in round order; what the CPU ratios pair up (check-targets.ts).
   * Absent for a single run.
   */
  roundCpuUsPerRequest?: (number | null)[];
  /** Requests the client saw answered in this attempt (wrk: completed; ttfb: warm-up + timed). */
  completed: number;
}

/** Did Portico's call log record every request? Counted after Portico stopped (its last batch flushed). */
export interface CallLogCheck {
  /** Responses the clients received over the whole run: preflight, warm-up, every attempt of every scenario. */
  clientCompleted: number;
  /** `request` lines in the access log, by status (499 = the client left before the end). */
  accessLogRequests: number;
  accessLog200: number;
  /** Rows in the store's `calls_YYYYMMDD` tables, and those with status 200. */
  callLogRows: number;
  callLog200: number;
  /** `call_partitions.rows` summed: the writer's own count. */
  partitionRows: number;
}

/** Something the harness could not measure, and why. */
export interface Skip {
  target: TargetName | null;
  scenario: ScenarioId | null;
  reason: string;
}

/** A target from the issue, checked against this run. */
export interface TargetCheck {
  name: string;
  limit: string;
  measured: string;
  /** null when it could not be measured in this run. */
  holds: boolean | null;
}

/** A request each target must answer correctly before it is loaded. */
export interface PreflightCheck {
  target: TargetName;
  stream: boolean;
  ok: boolean;
  detail: string;
}

/** Everything one `npm run bench` produced; written to bench/results/<date>.json. */
export interface BenchReport {
  date: string;
  durationS: number;
  /** Rounds each wrk scenario was split into (BENCH_ROUNDS); absent in runs before 2026-12-04. */
  rounds?: number;
  machine: Record<string, string>;
  versions: Record<string, string>;
  pinning: string;
  /** Other work on the machine: 1-minute load average around the run, and how busy each core was just before. */
  machineLoad: { loadAverageAtStart: number; loadAverageAtEnd: number; coreBusyBeforePercent: number[] };
  preflight: PreflightCheck[];
  skipped: Skip[];
  /** Portico's VmRSS right after start (before any request) and after the run, in MB. */
  porticoRssMb: { idleAfterStart: number; idleAfterRun: number } | null;
  /** Idle RSS right after start of each Portico instance, in MB. */
  porticoIdleRssMbByInstance: Record<string, number>;
  /** Requests sent vs rows in the call log, per Portico instance. */
  callLog: Record<string, CallLogCheck>;
  results: RunResult[];
  ratios: Record<string, number | null>;
  targets: TargetCheck[];
  /** Scenario "cpu-pairs": short runs alternating within each round; absent in runs before 2026-12-07. */
  cpuPairs?: CpuPairsResult;
  /** Whether the host looked disturbed during the run, and why; absent in runs before 2026-12-07. */
  host?: HostCheck;
  /** Scenario "rest" (REST services beside nginx and the bare proxies); absent in runs before 2026-12-07. */
  rest?: RestScenarioResult;
  /** Access-log statuses and error codes Portico wrote during the run, per instance. */
  porticoLog: Record<string, { statuses: Record<string, number>; errorCodes: Record<string, number> }>;
}

/** A ratio of CPU per request taken round by round (the two sides ran seconds apart in each round). */
export interface PairedRatio {
  /** The ratio of each round, in round order. */
  rounds: number[];
  median: number;
  min: number;
  max: number;
}

/**
 * Scenario "cpu-pairs": the reference, the old reference and Portico (governance on), one short
 * non-streamed run each per round, the order reversed every other round; CPU per request per run.
 */
export interface CpuPairsResult {
  connections: number;
  secondsPerRun: number;
  rounds: number;
  /** µs of CPU per request of each target in each round, in round order. */
  roundCpuUsPerRequest: Partial<Record<TargetName, (number | null)[]>>;
  /** Keyed `portico/bare-proxy`, `bare-stream/bare-proxy`: each round's ratio, their median and range. */
  ratios: Record<string, PairedRatio>;
  /** Runs during which other processes took more than the noise threshold of the gateway core. */
  noisyRuns: number;
  host: HostCheck;
}

/** Signs that other work on the host moved the numbers (see host-check.ts for the thresholds). */
export interface HostCheck {
  disturbed: boolean;
  /** Each threshold crossed, in words; empty when none was. */
  reasons: string[];
  loadAverageAtStart: number;
  /** The reference's highest over lowest CPU per request across rounds; null without rounds. */
  referenceSpread: number | null;
}
