/** Limits of `LoginThrottle`; the defaults are the admin API's (docs/admin-api.md). */
export interface LoginThrottleOptions {
  /** Length of the sliding window failures are counted in, in milliseconds. Default 15 minutes. */
  windowMs?: number;
  /** Failures for one username within the window after which it is refused. Default 10. */
  maxPerUsername?: number;
  /** Failures from one client address within the window after which it is refused. Default 50. */
  maxPerAddress?: number;
  /** Usernames (and, separately, addresses) tracked at once; the oldest is forgotten past it. Default 10,000. */
  maxTracked?: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** The answer of `LoginThrottle.begin`: refused for a while, or allowed and counted. */
export type LoginAttempt =
  | {
      allowed: false;
      /** Whole seconds until a new attempt can be allowed. */
      retryAfterSeconds: number;
    }
  | {
      allowed: true;
      /** Call when the password was right: the attempt stops counting as a failure. */
      succeeded(): void;
    };

/**
 * Counts failed sign-ins per username and per client address in memory, over a sliding window.
 * A username or an address with too many recent failures is refused, whatever the password,
 * until enough of its failures leave the window. A success clears the username's failures.
 */
export class LoginThrottle {
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #usernames: FailureLog;
  readonly #addresses: FailureLog;

  constructor(options: LoginThrottleOptions = {}) {
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
    const maxTracked = options.maxTracked ?? 10_000;
    this.#usernames = new FailureLog(options.maxPerUsername ?? 10, maxTracked);
    this.#addresses = new FailureLog(options.maxPerAddress ?? 50, maxTracked);
  }

  /**
   * Starts a sign-in of `username` from `address`. An allowed attempt counts as a failure at once
   * (so concurrent guesses cannot overshoot the limit while passwords are being verified) until
   * `succeeded()` is called.
   */
  begin(username: string, address: string): LoginAttempt {
    const now = this.#now();
    const since = now - this.#windowMs;
    const freeAt = Math.max(
      this.#usernames.freeAt(username, since) ?? -Infinity,
      this.#addresses.freeAt(address, since) ?? -Infinity,
    );
    if (freeAt !== -Infinity) {
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((freeAt + this.#windowMs - now) / 1000)),
      };
    }
    this.#usernames.add(username, now, since);
    this.#addresses.add(address, now, since);
    return {
      allowed: true,
      succeeded: () => {
        this.#usernames.clear(username);
        this.#addresses.remove(address, now);
      },
    };
  }
}

/** Recent failure times per key, oldest first, at most `max` per key (older ones cannot matter). */
class FailureLog {
  readonly #times = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly maxKeys: number,
  ) {}

  /** When the key is refused: the failure time whose leaving the window frees it; else undefined. */
  freeAt(key: string, since: number): number | undefined {
    const times = this.#recent(key, since);
    return times.length >= this.max ? times[times.length - this.max] : undefined;
  }

  add(key: string, at: number, since: number): void {
    const times = [...this.#recent(key, since), at].slice(-this.max);
    this.#times.delete(key);
    this.#times.set(key, times);
    if (this.#times.size > this.maxKeys) {
      const oldest = this.#times.keys().next();
      if (oldest.done !== true) this.#times.delete(oldest.value);
    }
  }

  clear(key: string): void {
    this.#times.delete(key);
  }

  /** Removes one failure recorded at `at`, if it is still there. */
  remove(key: string, at: number): void {
    const times = this.#times.get(key);
    const index = times?.lastIndexOf(at) ?? -1;
    if (times !== undefined && index >= 0) times.splice(index, 1);
  }

  #recent(key: string, since: number): number[] {
    const times = (this.#times.get(key) ?? []).filter((time) => time > since);
    if (times.length === 0) this.#times.delete(key);
    return times;
  }
}
