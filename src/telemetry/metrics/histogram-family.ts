import { HistogramSeries } from './histogram-series.js';
import { LabelledSeries } from './labelled-series.js';

/** A Prometheus histogram with fixed label names. */
export class HistogramFamily {
  private readonly series: LabelledSeries<HistogramSeries>;

  constructor(
    readonly name: string,
    private readonly help: string,
    labelNames: readonly string[],
  ) {
    this.series = new LabelledSeries(labelNames, (labels) => new HistogramSeries(labels));
  }

  observe(values: readonly string[], seconds: number): void {
    this.series.get(values).observe(seconds);
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n`;
    for (const series of this.series.all()) out += series.render(this.name);
    return out;
  }
}
