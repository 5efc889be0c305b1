import { targetLabels, type BenchReport, type CpuPairsResult, type RunResult } from './bench-result.js';
import { proxyTargets } from './check-targets.js';
import { describeHost } from './host-check.js';
import { isNoisy, noiseThresholdPercent } from './is-noisy.js';
import { scenarios } from './scenarios.js';

/** The generated part of docs/benchmarks.md: run facts, the results table, ratios and targets. */
export function renderMarkdown(report: BenchReport): string {
  return [
    ...header(report),
    '| Scenario | Target | req/s | p50 ms | p99 ms | errors | CPU µs/req | CPU % | peak RSS MB | cores 0/1 busy % |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...report.results.map(tableRow),
    '',
    'CPU is user+sys of the proxy under test (nginx: master + worker) per completed request; "CPU %" is of one',
    'core. `direct` has no proxy: its RSS is the fake\'s. "cores 0/1 busy %": core 0 runs the fake and the load',
    'generator (100 = the row is bounded by the load side, not the proxy); core 1 runs only the proxy, so core 1',
    'well above its CPU % means something else shared it. Scenario e times the first body byte of a stream; its CPU',
    'column divides by all requests sent, warm-up included (10 ms clock ticks make it coarse).',
    ...noiseNotes(report.results),
    '',
    ...fakeCeiling(report.results),
    ...porticoFacts(report),
    ...preflightAndSkips(report),
    '#### Ratios (same run)',
    '',
    '| Figure | a | b | c |',
    '|---|--:|--:|--:|',
    ratioRow(
      report,
      'CPU/request: Portico governance on ÷ bare proxy',
      'cpuPerRequest.portico/bare-proxy',
      '×',
    ),
    ratioRow(
      report,
      'CPU/request: Portico governance on ÷ bare-stream (the old reference)',
      'cpuPerRequest.portico/bare-stream',
      '×',
    ),
    ratioRow(report, 'CPU/request: bare-stream ÷ bare proxy', 'cpuPerRequest.bare-stream/bare-proxy', '×'),
    ratioRow(report, 'CPU/request: Portico governance on ÷ nginx', 'cpuPerRequest.portico/nginx', '×'),
    ratioRow(report, 'CPU/request: Portico open ÷ bare proxy', 'cpuPerRequest.portico-open/bare-proxy', '×'),
    ratioRow(report, 'CPU/request: Portico open ÷ nginx', 'cpuPerRequest.portico-open/nginx', '×'),
    ratioRow(
      report,
      'CPU/request: translated ÷ bare proxy',
      'cpuPerRequest.portico-translated/bare-proxy',
      '×',
    ),
    ratioRow(report, 'CPU/request: translated ÷ nginx', 'cpuPerRequest.portico-translated/nginx', '×'),
    ratioRow(report, 'Throughput: Portico governance on ÷ bare proxy', 'throughput.portico/bare-proxy', '×'),
    ratioRow(report, 'Throughput: Portico governance on ÷ nginx', 'throughput.portico/nginx', '×'),
    ratioRow(report, 'Throughput: Portico open ÷ bare proxy', 'throughput.portico-open/bare-proxy', '×'),
    ratioRow(report, 'Throughput: translated, % of passthrough', 'translatedPercentOfPassthrough', '%'),
    '',
    ...((report.rounds ?? 1) > 1
      ? [
          "CPU ratios are the median of the rounds' own ratios (the two sides ran seconds apart in each round),",
          'their range in brackets; the CPU column above is all rounds together, so its quotient can differ a little.',
          '',
        ]
      : []),
    ...cpuPairsSection(report.cpuPairs),
    `| Added ms (same run) | ${proxyTargets.join(' | ')} |`,
    `|---|${proxyTargets.map(() => '--:').join('|')}|`,
    msRow(report, 'd: latency p50 over bare proxy', 'd.addedP50Ms'),
    msRow(report, 'd: latency p99 over bare proxy', 'd.addedP99Ms'),
    msRow(report, 'e: time to first byte p50 over direct', 'e.addedP50Ms'),
    msRow(report, 'e: time to first byte p99 over direct', 'e.addedP99Ms'),
    '',
    '## Targets',
    '',
    'From the "Performance" issue, checked against the run above.',
    '',
    '| Target | Limit | Measured | Holds |',
    '|---|---|---|---|',
    ...report.targets.map(
      (target) =>
        `| ${target.name} | ${target.limit} | ${target.measured} | ${target.holds === null ? 'not measured' : target.holds ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
}

function header(report: BenchReport): string[] {
  const { machine, versions, machineLoad } = report;
  return [
    `### Run of ${report.date} (${report.durationS} s per wrk scenario${(report.rounds ?? 1) > 1 ? ` in ${report.rounds} rounds, the targets taking turns` : ''})`,
    '',
    `- **Machine:** ${machine['cores']} cores, ${machine['cpu']}, ${machine['memory']} RAM, Linux ${machine['kernel']}`,
    `- **Versions:** node ${versions['node']}, ${versions['nginx']}, ${versions['wrk']}, undici ${versions['undici']}, Portico ${versions['portico']}, ${versions['porticoBuild']}`,
    `- **Pinning:** ${report.pinning}`,
    `- **Other load:** cores ${machineLoad.coreBusyBeforePercent.join('% / ')}% busy just before the run; ` +
      `load average ${machineLoad.loadAverageAtStart.toFixed(2)} at start, ${machineLoad.loadAverageAtEnd.toFixed(2)} at the end`,
    ...(report.host === undefined ? [] : [`- **Host:** ${describeHost(report.host)}`]),
    `- **Raw results:** \`bench/results/${report.date.slice(0, 10)}.json\``,
    '',
  ];
}

function tableRow(result: RunResult): string {
  const scenario = scenarios.find((candidate) => candidate.id === result.scenario);
  const errors = result.non2xx + result.socketErrors;
  const cells = [
    `${result.scenario}: ${scenario?.title ?? ''}`,
    targetLabels[result.target],
    result.requestsPerSecond === null ? '—' : Math.round(result.requestsPerSecond).toLocaleString('en-US'),
    result.p50Ms.toFixed(3),
    result.p99Ms.toFixed(3),
    errors === 0 ? '0' : `**${errors}** (${result.non2xx} non-2xx, ${result.socketErrors} socket)`,
    result.cpuUsPerRequest === null ? '—' : result.cpuUsPerRequest.toFixed(1),
    result.cpuPercent === null ? '—' : result.cpuPercent.toFixed(0),
    result.peakRssMb.toFixed(1),
    result.loadCoreBusyPercent === null || result.gatewayCoreBusyPercent === null
      ? '—'
      : `${result.loadCoreBusyPercent.toFixed(0)}/${result.gatewayCoreBusyPercent.toFixed(0)}${isNoisy(result) ? ' ⚠' : ''}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

function noiseNotes(results: readonly RunResult[]): string[] {
  const repeated = results.filter((result) => result.attempts > (result.rounds ?? 1)).length;
  return [
    ...(repeated === 0
      ? []
      : [
          `${repeated} row(s) had a round repeated because other work shared core 1; the least noisy attempt of it is kept.`,
        ]),
    ...(results.some(isNoisy)
      ? [
          `⚠ = other processes still took more than ${noiseThresholdPercent}% of core 1 during that row: treat it as noisy.`,
        ]
      : []),
  ];
}

function fakeCeiling(results: readonly RunResult[]): string[] {
  const direct = results.filter((result) => result.target === 'direct' && result.requestsPerSecond !== null);
  if (direct.length === 0) return [];
  const parts = direct.map(
    (result) =>
      `${result.scenario}: ${Math.round(result.requestsPerSecond ?? 0).toLocaleString('en-US')} req/s ` +
      `(fake ${result.fakeCpuUsPerRequest.toFixed(1)} µs CPU/request)`,
  );
  return [
    `**Fake upstream ceiling** (wrk straight at it, both on core 0): ${parts.join('; ')}. A proxied row well`,
    'below this rate was limited by the proxy, not by the fake.',
    '',
  ];
}

function porticoFacts(report: BenchReport): string[] {
  const lines: string[] = [];
  if (report.porticoRssMb !== null) {
    lines.push(
      `**Portico RSS:** ${report.porticoRssMb.idleAfterStart.toFixed(1)} MB idle after start, ` +
        `${report.porticoRssMb.idleAfterRun.toFixed(1)} MB idle after the run.`,
    );
  }
  const idle = Object.entries(report.porticoIdleRssMbByInstance).map(
    ([instance, mb]) => `${instance} ${mb.toFixed(1)} MB`,
  );
  if (idle.length > 0) lines.push(`**Idle RSS one second after start, per instance:** ${idle.join(', ')}.`);
  for (const [instance, log] of Object.entries(report.porticoLog)) {
    const statuses = Object.entries(log.statuses).map(([status, count]) => `${status}: ${count}`);
    const codes = Object.entries(log.errorCodes).map(([code, count]) => `${code}: ${count}`);
    lines.push(
      `**${instance} access log** (warm-up and preflight included): statuses ${statuses.join(', ') || 'none'}; ` +
        `error codes ${codes.join(', ') || 'none'}.`,
    );
  }
  if (Object.values(report.porticoLog).some((log) => (log.statuses['499'] ?? 0) > 0)) {
    lines.push(
      '499 = the client closed first: requests still in flight when wrk stopped at the end of each run.',
    );
  }
  return [...lines.flatMap((line) => [line, '']), ...callLogTable(report)];
}

function callLogTable(report: BenchReport): string[] {
  const rows = Object.entries(report.callLog);
  if (rows.length === 0) return [];
  return [
    '**Call log check** (counted in each store after Portico stopped and flushed its last batch; the whole run:',
    'preflight, warm-up, every attempt of every scenario):',
    '',
    '| Instance | responses received by clients | access log: requests / 200 | call log rows / 200 | `call_partitions.rows` | every request logged |',
    '|---|--:|--:|--:|--:|---|',
    ...rows.map(([instance, check]) => {
      const complete =
        check.callLogRows === check.accessLogRequests && check.callLog200 >= check.clientCompleted;
      return (
        `| ${instance} | ${check.clientCompleted.toLocaleString('en-US')} | ` +
        `${check.accessLogRequests.toLocaleString('en-US')} / ${check.accessLog200.toLocaleString('en-US')} | ` +
        `${check.callLogRows.toLocaleString('en-US')} / ${check.callLog200.toLocaleString('en-US')} | ` +
        `${check.partitionRows.toLocaleString('en-US')} | ${complete ? 'yes' : '**no**'} |`
      );
    }),
    '',
    "Rows beyond the clients' count are requests still in flight when wrk stopped (logged as 499).",
    '',
  ];
}

function preflightAndSkips(report: BenchReport): string[] {
  const failed = report.preflight.filter((check) => !check.ok);
  const lines = [
    failed.length === 0
      ? `**Preflight:** all ${report.preflight.length} correctness checks passed (JSON answer with usage; stream with every delta, finish reason and \`[DONE]\`).`
      : `**Preflight failures:** ${failed.map((check) => `${check.target} ${check.stream ? 'stream' : 'json'}: ${check.detail}`).join('; ')}`,
    '',
  ];
  for (const skip of report.skipped) {
    const scope = `${skip.target ?? 'all targets'}${skip.scenario === null ? '' : ` in scenario ${skip.scenario}`}`;
    lines.push(`- Skipped ${scope}: ${skip.reason}`);
  }
  if (report.skipped.length > 0) lines.push('');
  return lines;
}

function ratioRow(report: BenchReport, label: string, figure: string, unit: '×' | '%'): string {
  const cells = (['a', 'b', 'c'] as const).map((scenario) => {
    const value = report.ratios[`${scenario}.${figure}`];
    if (value === null || value === undefined) return '—';
    if (unit === '%') return `${value.toFixed(1)}%`;
    const [min, max] = [
      report.ratios[`${scenario}.${figure}.min`],
      report.ratios[`${scenario}.${figure}.max`],
    ];
    const range =
      min === null || min === undefined || max === null || max === undefined
        ? ''
        : ` (${min.toFixed(2)}–${max.toFixed(2)})`;
    return `${value.toFixed(2)}×${range}`;
  });
  return `| ${label} | ${cells.join(' | ')} |`;
}

function msRow(report: BenchReport, label: string, prefix: string): string {
  const cells = proxyTargets.map((target) => {
    const value = report.ratios[`${prefix}.${target}`];
    return value === null || value === undefined ? '—' : value.toFixed(3);
  });
  return `| ${label} | ${cells.join(' | ')} |`;
}

function cpuPairsSection(pairs: CpuPairsResult | undefined): string[] {
  if (pairs === undefined) return [];
  const perRound = Object.entries(pairs.roundCpuUsPerRequest).map(
    ([target, rounds]) =>
      `| ${target} | ${rounds.map((value) => (value === null ? '—' : value.toFixed(1))).join(' | ')} |`,
  );
  const ratios = Object.entries(pairs.ratios).map(
    ([name, ratio]) =>
      `| ${name} | ${ratio.rounds.map((value) => `${value.toFixed(2)}×`).join(' | ')} |` +
      ` **${ratio.median.toFixed(2)}×** (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}) |`,
  );
  const rounds = Array.from({ length: pairs.rounds }, (_, index) => `round ${index + 1}`);
  return [
    `#### CPU per request, alternating pairs (scenario cpu-pairs: ${pairs.rounds} rounds × ${pairs.secondsPerRun} s, ${pairs.connections} connections, non-streamed)`,
    '',
    `| µs per request | ${rounds.join(' | ')} |`,
    `|---|${rounds.map(() => '--:').join('|')}|`,
    ...perRound,
    '',
    `| Paired ratio | ${rounds.join(' | ')} | median (range) |`,
    `|---|${rounds.map(() => '--:').join('|')}|--:|`,
    ...ratios,
    '',
    'One short run per target per round, the order reversed every other round; each ratio is taken within a',
    "round. The Targets table reads Portico's CPU ratio from here. " + describeHost(pairs.host),
    '',
  ];
}
