import { reserveOk, type CounterEntry, type CounterStore, type ReserveResult } from './counter-store.js';

interface Counter {
  sliding: boolean;
  windowStartMs: number;
  windowEndMs: number;
  current: number;
  /** The bucket before the current one (sliding counters only). */
  previous: number;
}

const sweepEveryMs = 60_000;

/**
 * The CounterStore of a single process: a Map of counters, atomic because JavaScript runs one
 * call at a time. Counters whose windows are over are dropped once a minute.
 */
export class MemoryCounterStore implements CounterStore {
  private readonly counters = new Map<string, Counter>();
  private nextSweepMs = 0;

  reserve(entries: ReadonlyArray<CounterEntry>, count: number, nowMs: number): ReserveResult {
    if (nowMs >= this.nextSweepMs) this.sweep(nowMs);
    for (let index = 0; index < count; index++) {
      const entry = entries[index]!;
      const counter = this.counterFor(entry);
      const used = usage(counter, nowMs);
      if (used + entry.amount > entry.limit) {
        return { ok: false, index, retryAfterMs: retryAfterMs(counter, entry, nowMs) };
      }
    }
    for (let index = 0; index < count; index++) {
      const entry = entries[index]!;
      const counter = this.counters.get(entry.key)!;
      counter.current += entry.amount;
      entry.used = usage(counter, nowMs);
      entry.resetMs = resetMs(counter, nowMs);
    }
    return reserveOk;
  }

  adjust(key: string, windowStartMs: number, delta: number): void {
    const counter = this.counters.get(key);
    if (counter === undefined) return;
    if (counter.windowStartMs === windowStartMs) {
      counter.current = Math.max(0, counter.current + delta);
    } else if (
      counter.sliding &&
      counter.windowStartMs - (counter.windowEndMs - counter.windowStartMs) === windowStartMs
    ) {
      counter.previous = Math.max(0, counter.previous + delta);
    }
  }

  peek(entry: CounterEntry, nowMs: number): void {
    const counter = this.counterFor(entry);
    entry.used = usage(counter, nowMs);
    entry.resetMs = resetMs(counter, nowMs);
  }

  /** Number of live counters (for tests and metrics). */
  get size(): number {
    return this.counters.size;
  }

  /** Drops counters that no longer weigh on any decision. */
  sweep(nowMs: number): void {
    this.nextSweepMs = nowMs + sweepEveryMs;
    for (const [key, counter] of this.counters) {
      const length = counter.windowEndMs - counter.windowStartMs;
      const over = counter.sliding ? nowMs >= counter.windowEndMs + length : nowMs >= counter.windowEndMs;
      if (over || (counter.windowEndMs === Infinity && counter.current <= 0)) this.counters.delete(key);
    }
  }

  /** The entry's counter, created or moved forward to the entry's window. */
  private counterFor(entry: CounterEntry): Counter {
    let counter = this.counters.get(entry.key);
    if (counter === undefined) {
      counter = {
        sliding: entry.sliding,
        windowStartMs: entry.windowStartMs,
        windowEndMs: entry.windowEndMs,
        current: 0,
        previous: 0,
      };
      this.counters.set(entry.key, counter);
    } else if (entry.windowStartMs > counter.windowStartMs || entry.sliding !== counter.sliding) {
      counter.previous = entry.sliding && entry.windowStartMs === counter.windowEndMs ? counter.current : 0;
      counter.current = 0;
      counter.sliding = entry.sliding;
      counter.windowStartMs = entry.windowStartMs;
      counter.windowEndMs = entry.windowEndMs;
    }
    return counter;
  }
}

/** Usage at `nowMs`: the previous bucket weighted by how much of it the sliding window still covers. */
function usage(counter: Counter, nowMs: number): number {
  if (!counter.sliding || counter.previous === 0) return counter.current;
  const length = counter.windowEndMs - counter.windowStartMs;
  const share = Math.min(1, Math.max(0, (counter.windowEndMs - nowMs) / length));
  return counter.previous * share + counter.current;
}

function resetMs(counter: Counter, nowMs: number): number {
  if (counter.sliding) {
    const length = counter.windowEndMs - counter.windowStartMs;
    if (counter.current > 0) return counter.windowEndMs + length - nowMs;
    return counter.previous > 0 ? Math.max(0, counter.windowEndMs - nowMs) : 0;
  }
  return counter.current > 0 ? counter.windowEndMs - nowMs : 0;
}

/** Ms until `entry.amount` fits, assuming nothing is added or settled meanwhile. */
function retryAfterMs(counter: Counter, entry: CounterEntry, nowMs: number): number {
  if (entry.amount > entry.limit) return Infinity;
  if (!counter.sliding) return counter.windowEndMs - nowMs;
  const length = counter.windowEndMs - counter.windowStartMs;
  // previous × (end − t) / length + current + amount ≤ limit, solved for t in this bucket...
  const roomNow = entry.limit - counter.current - entry.amount;
  if (roomNow >= 0) {
    return Math.max(0, Math.ceil(counter.windowEndMs - (roomNow * length) / counter.previous - nowMs));
  }
  // ...or in the next one, where the current bucket becomes the weighted previous one.
  const roomNext = entry.limit - entry.amount;
  return Math.ceil(counter.windowEndMs + length - (roomNext * length) / counter.current - nowMs);
}
