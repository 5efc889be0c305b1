import { LabelledSeries } from './labelled-series.js';

/** A Prometheus counter with fixed label names. */
export class CounterFamily {
  private readonly series: LabelledSeries<{ labels: string; value: number }>;

  constructor(
    readonly name: string,
    private readonly help: string,
    labelNames: readonly string[],
  ) {
    this.series = new LabelledSeries(labelNames, (labels) => ({ labels, value: 0 }));
  }

  inc(values: readonly string[], amount = 1): void {
    this.series.get(values).value += amount;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} counter\n`;
    for (const { labels, value } of this.series.all()) out += `${this.name}{${labels}} ${value}\n`;
    return out;
  }
}
