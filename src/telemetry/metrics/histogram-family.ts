import { HistogramSeries } from './histogram-series.js';
import { labelSet } from './label-set.js';

/** A Prometheus histogram with fixed label names; series are created on first use. */
export class HistogramFamily {
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly labelNames: readonly string[],
  ) {}

  observe(values: readonly string[], seconds: number): void {
    const key = values.join('\u0000');
    let series = this.series.get(key);
    if (series === undefined) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, index) => (labels[name] = values[index] ?? ''));
      series = new HistogramSeries(labelSet(labels));
      this.series.set(key, series);
    }
    series.observe(seconds);
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n`;
    for (const series of this.series.values()) out += series.render(this.name);
    return out;
  }
}
