/*
 * Fixed log-spaced latency histogram: four buckets per doubling, so any percentile read back is
 * within a factor 2^(1/8) (about ±9%) of the true value. Sparse, so it serialises small and
 * merges by adding counts: rollup rows of any granularity or group combine exactly.
 */

/** Buckets per doubling of latency. */
const stepsPerDoubling = 4;
/** Last bucket: 2^25 ms (about 9.3 hours); anything slower lands here. */
const lastBucket = 25 * stepsPerDoubling;

/** Bucket index → count. */
export type LatencyHistogram = Map<number, number>;

/** Bucket of a latency: bucket b holds (2^((b-1)/4), 2^(b/4)] ms; bucket 0 holds everything ≤ 1 ms. */
export function latencyBucket(latencyMs: number): number {
  if (!(latencyMs > 1)) return 0;
  // The epsilon keeps exact powers of two (log2 rounding up by one ulp) in their own bucket.
  return Math.min(lastBucket, Math.ceil(Math.log2(latencyMs) * stepsPerDoubling - 1e-9));
}

/** The value a bucket reports: its geometric middle (1 ms for bucket 0). */
export function bucketValue(bucket: number): number {
  return bucket === 0 ? 1 : 2 ** ((bucket - 0.5) / stepsPerDoubling);
}

export function addLatency(histogram: LatencyHistogram, latencyMs: number, count = 1): void {
  const bucket = latencyBucket(latencyMs);
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + count);
}

export function mergeHistogram(into: LatencyHistogram, from: LatencyHistogram): void {
  for (const [bucket, count] of from) into.set(bucket, (into.get(bucket) ?? 0) + count);
}

export function serializeHistogram(histogram: LatencyHistogram): string {
  const sorted = [...histogram].sort((a, b) => a[0] - b[0]);
  return JSON.stringify(Object.fromEntries(sorted.map(([bucket, count]) => [String(bucket), count])));
}

/** Reads a stored histogram; malformed entries are skipped (the column is only written here). */
export function parseHistogram(text: string): LatencyHistogram {
  const histogram: LatencyHistogram = new Map();
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) return histogram;
  for (const [key, value] of Object.entries(parsed)) {
    const bucket = Number(key);
    if (Number.isInteger(bucket) && typeof value === 'number') histogram.set(bucket, value);
  }
  return histogram;
}

/** Nearest-rank percentile (`quantile` in 0..1) as a bucket's value; null for an empty histogram. */
export function histogramPercentile(histogram: LatencyHistogram, quantile: number): number | null {
  let total = 0;
  for (const count of histogram.values()) total += count;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(quantile * total));
  let seen = 0;
  for (const [bucket, count] of [...histogram].sort((a, b) => a[0] - b[0])) {
    seen += count;
    if (seen >= rank) return bucketValue(bucket);
  }
  return null;
}
