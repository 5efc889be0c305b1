import type { ActiveCheckSettings, PassiveCheckSettings } from './upstream-settings.js';

/**
 * The health of one node, from two sources: active probes (thresholds of consecutive results)
 * and passive ejection (failed calls within a window take the node out for a cooldown, then it
 * is half-open: the next failure ejects it again, a success closes it). The node is healthy when
 * neither source holds it out. `onChange` fires on every flip of `healthy`.
 */
export class NodeHealth {
  private probeHealthy = true;
  private probeSuccesses = 0;
  private probeFailures = 0;
  private ejected = false;
  private halfOpen = false;
  private failureTimes: number[] = [];
  private cooldown: NodeJS.Timeout | undefined;

  constructor(
    private readonly active: ActiveCheckSettings | undefined,
    private readonly passive: PassiveCheckSettings | undefined,
    private readonly onChange: (healthy: boolean) => void,
  ) {}

  get healthy(): boolean {
    return this.probeHealthy && !this.ejected;
  }

  /** One active probe's result. */
  recordProbe(ok: boolean): void {
    if (this.active === undefined) return;
    this.transition(() => {
      if (ok) {
        this.probeFailures = 0;
        this.probeSuccesses += 1;
        if (this.probeSuccesses >= (this.active?.healthyThreshold ?? 1)) this.probeHealthy = true;
      } else {
        this.probeSuccesses = 0;
        this.probeFailures += 1;
        if (this.probeFailures >= (this.active?.unhealthyThreshold ?? 1)) this.probeHealthy = false;
      }
    });
  }

  /** How one real call went (its answer's head, or its connection failure). */
  recordOutcome(ok: boolean, now = Date.now()): void {
    const passive = this.passive;
    // Calls still finishing on an ejected node say nothing new.
    if (passive === undefined || this.ejected) return;
    if (ok) {
      this.failureTimes = [];
      this.halfOpen = false;
      return;
    }
    this.failureTimes = this.failureTimes.filter((time) => now - time < passive.windowMs);
    this.failureTimes.push(now);
    if (this.halfOpen || this.failureTimes.length >= passive.failures) this.eject(passive.cooldownMs);
  }

  /** Stops the cooldown timer (the set is closing). */
  close(): void {
    clearTimeout(this.cooldown);
  }

  private eject(cooldownMs: number): void {
    this.transition(() => {
      this.ejected = true;
      this.halfOpen = false;
      this.failureTimes = [];
    });
    this.cooldown = setTimeout(() => {
      this.transition(() => {
        this.ejected = false;
        this.halfOpen = true;
      });
    }, cooldownMs);
    // A cooldown must never keep the process alive.
    this.cooldown.unref();
  }

  private transition(change: () => void): void {
    const before = this.healthy;
    change();
    if (this.healthy !== before) this.onChange(this.healthy);
  }
}
