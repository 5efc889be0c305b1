/**
 * The bytes of request bodies being received and parsed at once, across every connection, kept
 * under one cap (config `server.max_bodies_in_flight_mb`): without it, many concurrent large
 * bodies held the process's memory (issue 19: 100 × 31 MB peaked at 2 GB). See docs/security.md.
 */
export class BodyBudget {
  #usedBytes = 0;

  /** `limitBytes`: the cap; a take that would pass it is refused. */
  constructor(readonly limitBytes: number) {}

  /** Bytes taken now. */
  get usedBytes(): number {
    return this.#usedBytes;
  }

  /** Takes `bytes` from the budget; false, taking nothing, when that would pass the cap. */
  take(bytes: number): boolean {
    if (this.#usedBytes + bytes > this.limitBytes) return false;
    this.#usedBytes += bytes;
    return true;
  }

  /** Gives back what `take` took. */
  release(bytes: number): void {
    this.#usedBytes -= bytes;
  }
}
