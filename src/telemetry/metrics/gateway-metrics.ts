import type { CallRecord } from '../call-log/call-record.js';
import { CounterFamily } from './counter-family.js';
import { HistogramFamily } from './histogram-family.js';

/** The `route` label of calls whose model name is not a declared route (unknown names, direct names). */
const otherRoute = '(other)';

/** Live figures the metrics read when scraped (in-flight requests, worker count). */
export interface MetricGauges {
  /** Requests being served right now, over every worker. */
  inFlight(): number;
  /** Data-plane processes serving traffic (1 without `--workers`). */
  workers(): number;
}

/**
 * Prometheus metrics of the data plane, fed by the same finished-call records as the call log, so
 * they count every call exactly once however many workers served them. Metric list:
 * docs/operations.md#metrics.
 */
export class GatewayMetrics {
  private readonly requests = new CounterFamily(
    'portico_requests_total',
    'Data-plane requests by endpoint, route, provider and HTTP status.',
    ['endpoint', 'route', 'provider', 'status'],
  );
  private readonly errors = new CounterFamily(
    'portico_errors_total',
    'Failed requests by gateway error code (docs/errors.md); rate-limit and budget refusals included.',
    ['code'],
  );
  private readonly duration = new HistogramFamily(
    'portico_request_duration_seconds',
    'Time from request arrival to the end of the response.',
    ['endpoint', 'route'],
  );
  private readonly firstToken = new HistogramFamily(
    'portico_time_to_first_token_seconds',
    'Time from request arrival to the first streamed byte, streamed calls only.',
    ['route'],
  );
  private readonly tokens = new CounterFamily(
    'portico_tokens_total',
    'Tokens reported by providers, by kind (input, output, cached, reasoning).',
    ['route', 'provider', 'kind'],
  );
  private readonly cost = new CounterFamily(
    'portico_cost_usd_total',
    'Cost of calls in US dollars by tenant and route.',
    ['tenant', 'route'],
  );
  private readonly attempts = new CounterFamily(
    'portico_upstream_attempts_total',
    'Upstream attempts (retries and fallbacks included) by provider of the last attempt.',
    ['provider'],
  );
  private readonly perWorker = new CounterFamily(
    'portico_worker_requests_total',
    'Requests served by each data-plane worker (0 without --workers).',
    ['worker'],
  );
  private readonly startedSeconds = Date.now() / 1000;

  /** `isRoute`: whether a name is a declared route; other names (unknown, direct) are labelled `(other)`. */
  constructor(
    private readonly gauges: MetricGauges,
    private readonly isRoute: (name: string) => boolean,
  ) {}

  /** Counts one finished call; `worker` is the cluster worker id that served it (0: single process). */
  observe(record: CallRecord, worker = 0): void {
    // A client names whatever model it likes; only names an admin declared become label values.
    const route = record.route === null ? '' : this.isRoute(record.route) ? record.route : otherRoute;
    const provider = record.provider ?? '';
    this.requests.inc([record.endpoint, route, provider, String(record.status)]);
    if (record.errorCode !== null) this.errors.inc([record.errorCode]);
    this.duration.observe([record.endpoint, route], record.latencyMs / 1000);
    if (record.ttftMs !== null) this.firstToken.observe([route], record.ttftMs / 1000);
    if (record.inputTokens > 0) this.tokens.inc([route, provider, 'input'], record.inputTokens);
    if (record.outputTokens > 0) this.tokens.inc([route, provider, 'output'], record.outputTokens);
    if (record.cachedTokens > 0) this.tokens.inc([route, provider, 'cached'], record.cachedTokens);
    if (record.reasoningTokens > 0) this.tokens.inc([route, provider, 'reasoning'], record.reasoningTokens);
    if (record.costUsd > 0) this.cost.inc([record.tenantId ?? '', route], record.costUsd);
    if (record.attempts > 0) this.attempts.inc([provider], record.attempts);
    this.perWorker.inc([String(worker)]);
  }

  /** The Prometheus text exposition (format 0.0.4). */
  render(): string {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const gauges =
      gauge('portico_in_flight_requests', 'Requests being served now.', this.gauges.inFlight()) +
      gauge('portico_workers', 'Data-plane processes serving traffic.', this.gauges.workers()) +
      gauge('portico_process_resident_memory_bytes', 'RSS of the process serving /metrics.', memory.rss) +
      gauge(
        'portico_process_heap_used_bytes',
        'V8 heap in use in the process serving /metrics.',
        memory.heapUsed,
      ) +
      `# HELP portico_process_cpu_seconds_total CPU time (user + system) of the process serving /metrics.\n` +
      `# TYPE portico_process_cpu_seconds_total counter\n` +
      `portico_process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}\n` +
      gauge(
        'portico_process_start_time_seconds',
        'Start time, seconds since the epoch.',
        this.startedSeconds,
      );
    return [
      this.requests,
      this.errors,
      this.duration,
      this.firstToken,
      this.tokens,
      this.cost,
      this.attempts,
      this.perWorker,
    ]
      .map((family) => family.render())
      .join('')
      .concat(gauges);
  }
}

function gauge(name: string, help: string, value: number): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value}\n`;
}
