/** A moving window of recent latencies of one target, for the least-latency strategy. */
export class LatencyWindow {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(private readonly size = 32) {}

  record(milliseconds: number): void {
    if (this.samples.length < this.size) this.samples.push(milliseconds);
    else this.samples[this.next] = milliseconds;
    this.next = (this.next + 1) % this.size;
  }

  /** Mean of the window; undefined before the first sample (untried targets are tried first). */
  mean(): number | undefined {
    if (this.samples.length === 0) return undefined;
    let sum = 0;
    for (const sample of this.samples) sum += sample;
    return sum / this.samples.length;
  }
}
