import type { CpuPairsResult, RunResult, ScenarioId, TargetCheck, TargetName } from './bench-result.js';
import { pairedRatio } from './paired-ratio.js';

/** Ratios between targets of the same run, and the targets checked against them. */
export interface TargetVerdicts {
  /**
   * Keyed by scenario and figure: `a.cpuPerRequest.portico/bare-proxy` (×; with rounds, the median
   * of the paired rounds, their range in `….min` and `….max`), `a.throughput.portico/nginx` (×),
   * `a.translatedPercentOfPassthrough` (%), `d.addedP50Ms.portico` (ms over the bare proxy),
   * `e.addedP50Ms.portico` (ms of time to first byte over direct), `cpuPairs.portico/bare-proxy`
   * (× of scenario cpu-pairs, with `.min` and `.max`). null when a side is missing.
   */
  ratios: Record<string, number | null>;
  targets: TargetCheck[];
}

/** Every target with a proxy in it, in report order. */
export const proxyTargets = [
  'nginx',
  'bare-proxy',
  'bare-stream',
  'portico-open',
  'portico',
  'portico-translated',
] as const;

/**
 * Computes the ratios and checks the performance targets of the "Performance" issue. The CPU
 * target against the bare proxy is read from scenario "cpu-pairs" when it ran: its runs alternate
 * closely enough for the ratio to be rerunnable on a shared host.
 */
export function checkTargets(
  results: readonly RunResult[],
  porticoIdleRssMb: number | null,
  cpuPairs?: CpuPairsResult,
): TargetVerdicts {
  const find = (scenario: ScenarioId, target: TargetName): RunResult | undefined =>
    results.find((result) => result.scenario === scenario && result.target === target);
  const ratios: Record<string, number | null> = {};
  for (const scenario of ['a', 'b', 'c'] as const) {
    for (const target of ['bare-stream', 'portico-open', 'portico', 'portico-translated'] as const) {
      for (const baseline of ['bare-proxy', 'bare-stream', 'nginx'] as const) {
        if (target === baseline) continue;
        const [top, bottom] = [find(scenario, target), find(scenario, baseline)];
        Object.assign(ratios, cpuRatio(`${scenario}.cpuPerRequest.${target}/${baseline}`, top, bottom));
        ratios[`${scenario}.throughput.${target}/${baseline}`] = divide(
          top?.requestsPerSecond,
          bottom?.requestsPerSecond,
        );
      }
    }
    const share = divide(
      find(scenario, 'portico-translated')?.requestsPerSecond,
      find(scenario, 'portico')?.requestsPerSecond,
    );
    ratios[`${scenario}.translatedPercentOfPassthrough`] = share === null ? null : round(share * 100);
  }
  for (const [scenario, baseline] of [
    ['d', 'bare-proxy'],
    ['e', 'direct'],
  ] as const) {
    for (const target of proxyTargets) {
      if (target === baseline) continue;
      const [measured, base] = [find(scenario, target), find(scenario, baseline)];
      ratios[`${scenario}.addedP50Ms.${target}`] = subtract(measured?.p50Ms, base?.p50Ms);
      ratios[`${scenario}.addedP99Ms.${target}`] = subtract(measured?.p99Ms, base?.p99Ms);
    }
  }

  const pairs = cpuPairs?.ratios['portico/bare-proxy'];
  if (pairs !== undefined) {
    ratios['cpuPairs.portico/bare-proxy'] = pairs.median;
    ratios['cpuPairs.portico/bare-proxy.min'] = pairs.min;
    ratios['cpuPairs.portico/bare-proxy.max'] = pairs.max;
  }
  const figure = (scenarios: readonly string[], name: string, unit: string): Figure[] =>
    scenarios.map((scenario) => ({ scenario, value: ratios[`${scenario}.${name}`] ?? null, unit }));
  return {
    ratios,
    targets: [
      check(
        'Gateway CPU per non-streamed request vs bare Node proxy (governance on)',
        '≤ 1.3×',
        pairs === undefined
          ? figure(['a', 'b'], 'cpuPerRequest.portico/bare-proxy', '×')
          : figure(['cpuPairs'], 'portico/bare-proxy', '×'),
        (value) => value <= 1.3,
      ),
      check(
        'Gateway CPU per non-streamed request vs nginx (governance on)',
        '≤ 4×',
        figure(['a', 'b'], 'cpuPerRequest.portico/nginx', '×'),
        (value) => value <= 4,
      ),
      check(
        'Added latency p50 over bare Node proxy, concurrency 1',
        '≤ 0.3 ms',
        figure(['d'], 'addedP50Ms.portico', ' ms'),
        (value) => value <= 0.3,
      ),
      check(
        'Added latency p99 over bare Node proxy, concurrency 1',
        '≤ 1 ms',
        figure(['d'], 'addedP99Ms.portico', ' ms'),
        (value) => value <= 1,
      ),
      check(
        'Added time to first streamed byte p50 over direct',
        '< 1 ms',
        figure(['e'], 'addedP50Ms.portico', ' ms'),
        (value) => value < 1,
      ),
      check(
        'Translation path throughput as % of passthrough',
        '≥ 85%',
        figure(['a', 'b', 'c'], 'translatedPercentOfPassthrough', '%'),
        (value) => value >= 85,
      ),
      {
        name: 'Portico idle RSS after start',
        limit: '< 100 MB',
        measured: porticoIdleRssMb === null ? 'not measured' : `${porticoIdleRssMb.toFixed(1)} MB`,
        holds: porticoIdleRssMb === null ? null : porticoIdleRssMb < 100,
      },
    ],
  };
}

interface Figure {
  /** A scenario letter, or `cpuPairs`. */
  scenario: string;
  value: number | null;
  unit: string;
}

/** One target over the scenarios it applies to; it holds only when it holds in each of them. */
function check(
  name: string,
  limit: string,
  figures: readonly Figure[],
  passes: (value: number) => boolean,
): TargetCheck {
  const measured = figures
    .map(
      (figure) => `${figure.scenario}: ${figure.value === null ? 'n/a' : format(figure.value, figure.unit)}`,
    )
    .join(', ');
  const values = figures.map((figure) => figure.value);
  const holds = values.includes(null) ? null : values.every((value) => value !== null && passes(value));
  return { name, limit, measured, holds };
}

function format(value: number, unit: string): string {
  return `${value.toFixed(unit === ' ms' ? 3 : unit === '%' ? 1 : 2)}${unit}`;
}

/**
 * CPU per request of `top` over `bottom` under `key`. With rounds, the median of the rounds' own
 * ratios (and their range under `key.min` / `key.max`): the two ran seconds apart in each round,
 * so a stretch of host contention (steal time counts as the process's CPU on this kind of VM)
 * inflates one round's pair rather than one side of the total.
 */
function cpuRatio(
  key: string,
  top: RunResult | undefined,
  bottom: RunResult | undefined,
): Record<string, number | null> {
  const [tops, bottoms] = [top?.roundCpuUsPerRequest, bottom?.roundCpuUsPerRequest];
  if (tops === undefined || bottoms === undefined || tops.length !== bottoms.length || tops.length < 2)
    return { [key]: divide(top?.cpuUsPerRequest, bottom?.cpuUsPerRequest) };
  const paired = pairedRatio(tops, bottoms);
  return paired === null
    ? { [key]: null }
    : { [key]: paired.median, [`${key}.min`]: paired.min, [`${key}.max`]: paired.max };
}

function divide(top: number | null | undefined, bottom: number | null | undefined): number | null {
  return top === null || top === undefined || bottom === null || bottom === undefined || bottom === 0
    ? null
    : round(top / bottom);
}

function subtract(left: number | undefined, right: number | undefined): number | null {
  return left === undefined || right === undefined ? null : round(left - right);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
