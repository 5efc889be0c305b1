/** Upper bounds in seconds of the latency histograms: 5 ms to 2 min, dense where gateways live. */
export const latencyBucketsSeconds: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
];

/** One labelled Prometheus histogram series: cumulative counts are computed when rendered. */
export class HistogramSeries {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(
    readonly labels: string,
    private readonly bounds: readonly number[] = latencyBucketsSeconds,
  ) {
    this.counts = new Array<number>(bounds.length).fill(0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    const bucket = this.bounds.findIndex((bound) => value <= bound);
    if (bucket >= 0) this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
  }

  /** Text-format lines of this series under metric `name` (without HELP/TYPE). */
  render(name: string): string {
    const prefix = this.labels === '' ? '' : `${this.labels},`;
    let cumulative = 0;
    let out = '';
    this.bounds.forEach((bound, index) => {
      cumulative += this.counts[index] ?? 0;
      out += `${name}_bucket{${prefix}le="${bound}"} ${cumulative}\n`;
    });
    out += `${name}_bucket{${prefix}le="+Inf"} ${this.count}\n`;
    const labels = this.labels === '' ? '' : `{${this.labels}}`;
    return `${out}${name}_sum${labels} ${this.sum}\n${name}_count${labels} ${this.count}\n`;
  }
}
