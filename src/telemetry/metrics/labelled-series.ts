import { labelSet } from './label-set.js';

/**
 * The series of one metric family by label values: each series is created, and its label text
 * rendered, once per combination; later observations are a map lookup.
 */
export class LabelledSeries<Series> {
  private readonly byKey = new Map<string, Series>();

  constructor(
    private readonly labelNames: readonly string[],
    private readonly create: (labels: string) => Series,
  ) {}

  get(values: readonly string[]): Series {
    const key = values.join('\u0000');
    let series = this.byKey.get(key);
    if (series === undefined) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, index) => (labels[name] = values[index] ?? ''));
      series = this.create(labelSet(labels));
      this.byKey.set(key, series);
    }
    return series;
  }

  all(): IterableIterator<Series> {
    return this.byKey.values();
  }
}
