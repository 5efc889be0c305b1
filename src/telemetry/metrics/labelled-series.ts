import { labelSet } from './label-set.js';

/**
 * Series one family holds at most. Label values are bounded at their source (known routes,
 * endpoint patterns, error codes); this is the net under them, so `/metrics` cannot grow without
 * end whatever a client sends (docs/security.md).
 */
export const maxSeriesPerFamily = 5_000;

/** Every label's value in the series that collects observations past `maxSeriesPerFamily`. */
export const overflowValue = '(overflow)';

/** One level of the lookup: a label value leads to the next label's values, the last to a series. */
interface SeriesNode<Series> {
  next: Map<string, SeriesNode<Series>>;
  series: Series | undefined;
}

/**
 * The series of one metric family by label values: each series is created, and its label text
 * rendered, once per combination. Later observations walk one map per label, keyed by the
 * values themselves: joining them into one key built and hashed a new string per observation,
 * eight times per request (docs/benchmarks.md, "Optimisations (2026-12-04, afternoon)").
 */
export class LabelledSeries<Series> {
  private readonly root: SeriesNode<Series> = { next: new Map(), series: undefined };
  private readonly list: Series[] = [];

  constructor(
    private readonly labelNames: readonly string[],
    private readonly newSeries: (labels: string) => Series,
  ) {}

  get(values: readonly string[]): Series {
    const series = this.find(values);
    if (series !== undefined) return series;
    // A new combination past the bound joins the one overflow series instead of growing the page.
    return this.create(
      this.list.length < maxSeriesPerFamily ? values : this.labelNames.map(() => overflowValue),
    );
  }

  private find(values: readonly string[]): Series | undefined {
    let node: SeriesNode<Series> | undefined = this.root;
    for (let index = 0; index < this.labelNames.length && node !== undefined; index++) {
      node = node.next.get(values[index] ?? '');
    }
    return node?.series;
  }

  private create(values: readonly string[]): Series {
    let node = this.root;
    for (let index = 0; index < this.labelNames.length; index++) {
      const value = values[index] ?? '';
      let next = node.next.get(value);
      if (next === undefined) {
        next = { next: new Map(), series: undefined };
        node.next.set(value, next);
      }
      node = next;
    }
    if (node.series === undefined) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, index) => (labels[name] = values[index] ?? ''));
      node.series = this.newSeries(labelSet(labels));
      this.list.push(node.series);
    }
    return node.series;
  }

  /** Every series, in the order they were first observed. */
  all(): IterableIterator<Series> {
    return this.list.values();
  }
}
