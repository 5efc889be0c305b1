import { describe, expect, it } from 'vitest';
import { emptyCounterEntry, type CounterEntry } from '../../../src/policy/counter-store.js';
import { MemoryCounterStore } from '../../../src/policy/memory-counter-store.js';

const minute = 60_000;

function slidingEntry(key: string, amount: number, limit: number, nowMs: number): CounterEntry {
  const start = nowMs - (nowMs % minute);
  return {
    ...emptyCounterEntry(),
    key,
    amount,
    limit,
    sliding: true,
    windowStartMs: start,
    windowEndMs: start + minute,
  };
}

function fixedEntry(
  key: string,
  amount: number,
  limit: number,
  startMs: number,
  endMs: number,
): CounterEntry {
  return {
    ...emptyCounterEntry(),
    key,
    amount,
    limit,
    sliding: false,
    windowStartMs: startMs,
    windowEndMs: endMs,
  };
}

describe('sliding window counter (memory store, injected clock)', () => {
  it('weights the previous bucket by the share of it still inside the window', () => {
    const store = new MemoryCounterStore();
    expect(store.reserve([slidingEntry('c', 6, 10, 0)], 1, 0).ok).toBe(true);
    // 15 s into the next minute, 45 s of the previous one are still inside: 6 × 0.75 = 4.5.
    const entry = slidingEntry('c', 5, 10, 75_000);
    expect(store.reserve([entry], 1, 75_000).ok).toBe(true);
    expect(entry.used).toBe(9.5);
    expect(entry.resetMs).toBe(180_000 - 75_000);
    expect(store.reserve([slidingEntry('c', 1, 10, 75_000)], 1, 75_000)).toEqual({
      ok: false,
      index: 0,
      retryAfterMs: 5_000,
    });
    // At 80 s the previous bucket weighs 6 × 40/60 = 4, so 4 + 5 + 1 fits exactly.
    expect(store.reserve([slidingEntry('c', 1, 10, 80_000)], 1, 80_000).ok).toBe(true);
  });

  it('tells when a full current bucket frees up in the next minute', () => {
    const store = new MemoryCounterStore();
    store.reserve([slidingEntry('c', 10, 10, 0)], 1, 0);
    const refused = store.reserve([slidingEntry('c', 1, 10, 1_000)], 1, 1_000);
    // Needs 10 × (120 − t)/60 + 1 ≤ 10, i.e. t ≥ 66 s.
    expect(refused).toEqual({ ok: false, index: 0, retryAfterMs: 65_000 });
    expect(store.reserve([slidingEntry('c', 1, 10, 65_999)], 1, 65_999).ok).toBe(false);
    expect(store.reserve([slidingEntry('c', 1, 10, 66_000)], 1, 66_000).ok).toBe(true);
  });

  it('forgets everything after two quiet minutes and refuses forever what exceeds the limit', () => {
    const store = new MemoryCounterStore();
    store.reserve([slidingEntry('c', 10, 10, 0)], 1, 0);
    const later = slidingEntry('c', 0, 10, 120_000);
    store.peek(later, 120_000);
    expect(later.used).toBe(0);
    expect(store.reserve([slidingEntry('c', 11, 10, 120_000)], 1, 120_000)).toEqual({
      ok: false,
      index: 0,
      retryAfterMs: Infinity,
    });
  });

  it('reconciles into the bucket the reservation was made in, and drops adjustments to expired buckets', () => {
    const store = new MemoryCounterStore();
    store.reserve([slidingEntry('c', 8, 10, 0)], 1, 0);
    store.adjust('c', 0, -6); // settled at 2, still in minute 0
    store.reserve([slidingEntry('c', 0, 10, 60_000)], 1, 60_000);
    store.adjust('c', 0, 4); // late settle lands in the previous bucket
    const entry = slidingEntry('c', 0, 10, 90_000);
    store.peek(entry, 90_000);
    expect(entry.used).toBe(3); // previous 6 × 0.5
    store.reserve([slidingEntry('c', 0, 10, 240_000)], 1, 240_000);
    store.adjust('c', 0, 100);
    const quiet = slidingEntry('c', 0, 10, 240_000);
    store.peek(quiet, 240_000);
    expect(quiet.used).toBe(0);
  });
});

describe('fixed windows and gauges', () => {
  it('starts a newer window from zero and ignores older windows', () => {
    const store = new MemoryCounterStore();
    expect(store.reserve([fixedEntry('b', 7, 10, 1000, 2000)], 1, 1500).ok).toBe(true);
    expect(store.reserve([fixedEntry('b', 7, 10, 1000, 2000)], 1, 1600)).toEqual({
      ok: false,
      index: 0,
      retryAfterMs: 400,
    });
    expect(store.reserve([fixedEntry('b', 7, 10, 2000, 3000)], 1, 2000).ok).toBe(true);
    store.adjust('b', 1000, -7);
    const entry = fixedEntry('b', 0, 10, 2000, 3000);
    store.peek(entry, 2100);
    expect(entry.used).toBe(7);
  });

  it('counts a gauge until it is released, never below zero', () => {
    const store = new MemoryCounterStore();
    const gauge = (): CounterEntry => fixedEntry('g', 1, 2, 0, Infinity);
    expect(store.reserve([gauge()], 1, 0).ok).toBe(true);
    expect(store.reserve([gauge()], 1, 0).ok).toBe(true);
    expect(store.reserve([gauge()], 1, 0)).toEqual({ ok: false, index: 0, retryAfterMs: Infinity });
    store.adjust('g', 0, -1);
    expect(store.reserve([gauge()], 1, 0).ok).toBe(true);
    store.adjust('g', 0, -5);
    const entry = gauge();
    store.peek(entry, 0);
    expect(entry.used).toBe(0);
  });

  it('adds all entries or none', () => {
    const store = new MemoryCounterStore();
    const entries = [fixedEntry('a', 1, 5, 0, 1000), fixedEntry('b', 1, 0, 0, 1000)];
    expect(store.reserve(entries, 2, 0)).toMatchObject({ ok: false, index: 1 });
    const a = fixedEntry('a', 0, 5, 0, 1000);
    store.peek(a, 0);
    expect(a.used).toBe(0);
  });

  it('drops counters whose windows are over when it sweeps', () => {
    const store = new MemoryCounterStore();
    store.reserve(
      [slidingEntry('s', 1, 10, 0), fixedEntry('f', 1, 10, 0, 1000), fixedEntry('g', 1, 10, 0, Infinity)],
      3,
      0,
    );
    store.sweep(119_999);
    expect(store.size).toBe(2);
    store.sweep(120_000);
    expect(store.size).toBe(1);
    store.adjust('g', 0, -1);
    store.sweep(120_000);
    expect(store.size).toBe(0);
  });
});
