/**
 * One counter the engine wants to add to, with the limit it must stay under. The caller owns the
 * object and may reuse it between calls; `reserve` and `peek` write `used` and `resetMs` back.
 *
 * Window kinds (chosen by `sliding`, full contract in docs/limits-and-budgets.md):
 * - sliding window counter: `[windowStartMs, windowEndMs)` is the current bucket (one minute for
 *   RPM/TPM); usage = previous bucket × (share of it still inside the sliding window) + current bucket.
 * - fixed window: usage = what was added since `windowStartMs`; a newer `windowStartMs` starts from
 *   zero. Budgets use the calendar period; a concurrency gauge is the window `[0, Infinity)`.
 */
export interface CounterEntry {
  /** Counter identity, unique within one `reserve` call, e.g. `rpm key k_123`. */
  key: string;
  /** What to add: 1 request, N tokens, N micro-USD. Never negative. */
  amount: number;
  /** Usage after adding must be ≤ limit, or nothing is added. `Infinity` always admits. */
  limit: number;
  /** True for a sliding window counter, false for a fixed window (and gauges). */
  sliding: boolean;
  /** Start of the current bucket (sliding) or window (fixed), epoch ms. */
  windowStartMs: number;
  /** End of the current bucket or window, epoch ms, exclusive; `Infinity` for a gauge. */
  windowEndMs: number;
  /** Output: usage after the call (weighted for sliding windows), in the unit of `amount`. */
  used: number;
  /** Output: ms until usage falls back to zero if nothing more is added; `Infinity` for gauges. */
  resetMs: number;
}

/** The outcome of `reserve`: everything added, or nothing added and the entry that refused. */
export type ReserveResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** Index in the entries of the first entry that did not fit. */
      readonly index: number;
      /**
       * Ms until that entry would fit if nothing else changed (a settle may free room sooner);
       * `Infinity` when it can never fit (amount > limit) or only a release frees it (gauges).
       */
      readonly retryAfterMs: number;
    };

/** Shared success result, so a successful reserve allocates nothing. */
export const reserveOk: ReserveResult = Object.freeze({ ok: true });

/**
 * The atomic primitive behind every limit and budget. Semantics (see docs/limits-and-budgets.md,
 * "CounterStore contract"), which every implementation — memory, leased, Redis — must keep:
 *
 * 1. `reserve` is atomic and all-or-nothing across its entries: either every amount is added or
 *    none is, and no other `reserve`/`adjust` is interleaved between the checks and the adds
 *    (linearizable per call). Entries are checked in order; the first that does not fit is reported.
 * 2. An entry fits when `usage + amount ≤ limit`, usage measured at `nowMs` in the entry's window.
 * 3. Windows only move forward: an entry or adjustment naming an older window than the one a
 *    counter holds never resets it; an adjustment to a window that has left the counter is dropped.
 * 4. `adjust` is unconditional (no limit check): reconciliation and releases must never fail, and
 *    a counter never goes below zero.
 * 5. Calls are synchronous; a remote store keeps this shape by leasing quota locally and
 *    reconciling asynchronously, so the hot path never waits on the network.
 */
export interface CounterStore {
  /** Adds every entry's amount, or none. `count` entries of `entries` are used (scratch arrays). */
  reserve(entries: ReadonlyArray<CounterEntry>, count: number, nowMs: number): ReserveResult;
  /**
   * Adds `delta` (may be negative) to the bucket or window that started at `windowStartMs`:
   * reconciles a reservation with the actual amount, or releases a gauge (`windowStartMs` 0).
   * Does nothing when the counter no longer holds that window (it has expired or was never made).
   */
  adjust(key: string, windowStartMs: number, delta: number): void;
  /** Fills `entry.used` and `entry.resetMs` at `nowMs` without adding anything. */
  peek(entry: CounterEntry, nowMs: number): void;
}

/** A fresh, zeroed entry, for scratch arrays. */
export function emptyCounterEntry(): CounterEntry {
  return {
    key: '',
    amount: 0,
    limit: 0,
    sliding: false,
    windowStartMs: 0,
    windowEndMs: 0,
    used: 0,
    resetMs: 0,
  };
}
