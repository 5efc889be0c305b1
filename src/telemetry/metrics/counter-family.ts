import { labelSet } from './label-set.js';

/**
 * A Prometheus counter with fixed label names. A series is created, and its label text
 * rendered, once per label-value combination; later increments are a map lookup.
 */
export class CounterFamily {
  private readonly series = new Map<string, { labels: string; value: number }>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly labelNames: readonly string[],
  ) {}

  inc(values: readonly string[], amount = 1): void {
    const key = values.join('\u0000');
    let series = this.series.get(key);
    if (series === undefined) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, index) => (labels[name] = values[index] ?? ''));
      series = { labels: labelSet(labels), value: 0 };
      this.series.set(key, series);
    }
    series.value += amount;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} counter\n`;
    for (const { labels, value } of this.series.values()) out += `${this.name}{${labels}} ${value}\n`;
    return out;
  }
}
