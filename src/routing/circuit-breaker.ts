import type { RoutePolicy } from '../config/portico-config.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * A per-target circuit breaker: `failures` failures within `windowMs` open it; while open the
 * target is skipped; after `cooldownMs` one probe call is let through (half-open); its success
 * closes the circuit, its failure opens it again. Times are epoch milliseconds passed in, so
 * tests need no clock.
 */
export class CircuitBreaker {
  private recentFailures: number[] = [];
  private openedAt: number | undefined;
  private probeInFlight = false;

  constructor(private readonly settings: RoutePolicy['breaker']) {}

  state(now: number): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return now - this.openedAt >= this.settings.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go to the target now; in half-open state only one probe at a time. */
  tryAcquire(now: number): boolean {
    const state = this.state(now);
    if (state === 'closed') return true;
    if (state === 'open' || this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  /** The target answered (any status that shows it is up, including 4xx): close the circuit. */
  recordSuccess(): void {
    this.recentFailures = [];
    this.openedAt = undefined;
    this.probeInFlight = false;
  }

  /** The target failed (5xx, timeout, connection error): count it, open when over the limit. */
  recordFailure(now: number): void {
    if (this.probeInFlight || this.openedAt !== undefined) {
      this.probeInFlight = false;
      this.openedAt = now;
      return;
    }
    this.recentFailures = this.recentFailures.filter((at) => now - at < this.settings.windowMs);
    this.recentFailures.push(now);
    if (this.recentFailures.length >= this.settings.failures) this.openedAt = now;
  }

  /** A probe that ended without telling anything (e.g. the client left): let another one through. */
  release(): void {
    this.probeInFlight = false;
  }
}
