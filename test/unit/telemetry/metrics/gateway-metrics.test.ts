import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../../src/telemetry/call-log/call-record.js';
import { GatewayMetrics } from '../../../../src/telemetry/metrics/gateway-metrics.js';
import { maxSeriesPerFamily } from '../../../../src/telemetry/metrics/labelled-series.js';
import { makeCall } from '../call-log/call-log-fixture.js';

// makeCall's defaults: tenant ten_a, route chat, provider openai-main, 10 + 20 tokens, $0.001.
const record = (overrides: Partial<CallRecord>): CallRecord =>
  makeCall({ route: 'm', latencyMs: 30, ...overrides });

describe('GatewayMetrics', () => {
  const declared = new Set(['m', 'say "hi"\\\n']);
  const metrics = new GatewayMetrics({ inFlight: () => 3, workers: () => 1 }, (name) => declared.has(name));
  metrics.observe(record({}));
  metrics.observe(record({ latencyMs: 700, status: 429, errorCode: 'gateway_rate_limited', costUsd: 0 }));
  metrics.observe(record({ route: 'say "hi"\\\n', stream: true, ttftMs: 4 }), 2);
  for (let index = 0; index < 100; index++)
    metrics.observe(record({ route: `made-up-${index}`, status: 404 }));
  const text = metrics.render();

  it('counts requests per label set and errors per code', () => {
    expect(text).toContain(
      'portico_requests_total{endpoint="/v1/chat/completions",route="m",provider="openai-main",status="200"} 1\n',
    );
    expect(text).toContain('portico_errors_total{code="gateway_rate_limited"} 1\n');
    expect(text).toContain('portico_worker_requests_total{worker="0"} 102\n');
    expect(text).toContain('portico_worker_requests_total{worker="2"} 1\n');
  });

  it('renders cumulative histogram buckets with sum and count', () => {
    expect(text).toContain(
      'portico_request_duration_seconds_bucket{endpoint="/v1/chat/completions",route="m",le="0.025"} 0\n',
    );
    expect(text).toContain(
      'portico_request_duration_seconds_bucket{endpoint="/v1/chat/completions",route="m",le="0.05"} 1\n',
    );
    expect(text).toContain(
      'portico_request_duration_seconds_bucket{endpoint="/v1/chat/completions",route="m",le="1"} 2\n',
    );
    expect(text).toContain(
      'portico_request_duration_seconds_bucket{endpoint="/v1/chat/completions",route="m",le="+Inf"} 2\n',
    );
    expect(text).toContain(
      'portico_request_duration_seconds_count{endpoint="/v1/chat/completions",route="m"} 2\n',
    );
    expect(text).toMatch(
      /portico_request_duration_seconds_sum\{endpoint="\/v1\/chat\/completions",route="m"\} 0\.73\d*\n/,
    );
  });

  it('escapes label values and sums tokens and cost', () => {
    expect(text).toContain('portico_time_to_first_token_seconds_count{route="say \\"hi\\"\\\\\\n"} 1\n');
    expect(text).toContain('portico_tokens_total{route="m",provider="openai-main",kind="input"} 20\n');
    expect(text).toContain('portico_cost_usd_total{tenant="ten_a",route="m"} 0.001\n');
    expect(text).toContain('portico_in_flight_requests 3\n');
    expect(text).toContain('# TYPE portico_request_duration_seconds histogram\n');
  });

  it('labels every undeclared model name as one route, (other)', () => {
    expect(text).toContain(
      'portico_requests_total{endpoint="/v1/chat/completions",route="(other)",provider="openai-main",status="404"} 100\n',
    );
    expect(text).not.toContain('made-up-');
  });

  it(`holds at most ${maxSeriesPerFamily} series per family, then one overflow series`, () => {
    const bounded = new GatewayMetrics({ inFlight: () => 0, workers: () => 1 }, () => true);
    for (let index = 0; index < maxSeriesPerFamily + 50; index++)
      bounded.observe(record({ route: `r${index}` }));
    const page = bounded.render();
    const series = page.split('\n').filter((line) => line.startsWith('portico_requests_total{'));
    expect(series.length).toBe(maxSeriesPerFamily + 1);
    expect(page).toContain(
      'portico_requests_total{endpoint="(overflow)",route="(overflow)",provider="(overflow)",status="(overflow)"} 50\n',
    );
  });
});
