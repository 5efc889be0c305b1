/** Limits of `LoginThrottle`; the defaults are the admin API's (docs/admin-api.md). */
export interface LoginThrottleOptions {
  /** Length of the sliding window failures are counted in, in milliseconds. Default 15 minutes. */
  windowMs?: number;
  /** Failures for one username from one client address after which that pair is refused. Default 10. */
  maxPerUserAddress?: number;
  /** Failures from one client address, whatever the username, after which it is refused. Default 50. */
  maxPerAddress?: number;
  /**
   * Failures for one username from all addresses together after which every attempt for it is
   * slowed by `slowdownMs` (never refused: an attacker must not lock the real user out). Default 10.
   */
  slowAfterPerUsername?: number;
  /** How long a slowed attempt waits before its password is checked, in milliseconds. Default 1000. */
  slowdownMs?: number;
  /** Keys (pairs, addresses, usernames) tracked at once per kind; the oldest is forgotten past it. Default 10,000. */
  maxTracked?: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Why an attempt was refused: too many failures for this user from this address, or from this address. */
export type LoginRefusal = 'user_from_address' | 'address';

/** The answer of `LoginThrottle.begin`: refused for a while, or allowed (perhaps slowed) and counted. */
export type LoginAttempt =
  | {
      allowed: false;
      reason: LoginRefusal;
      /** Whole seconds until a new attempt can be allowed. */
      retryAfterSeconds: number;
    }
  | {
      allowed: true;
      /** Milliseconds to wait before checking the password; 0 unless the username is under attack. */
      slowdownMs: number;
      /** Call when the password was right: the attempt stops counting as a failure. */
      succeeded(): void;
    };

/**
 * Counts failed sign-ins in memory over a sliding window, per (username, client address), per
 * address and per username. A pair or an address with too many recent failures is refused,
 * whatever the password, until enough failures leave the window; a username with too many
 * failures from everywhere is only slowed, so guesses from other addresses cannot lock its owner
 * out. A success clears the pair's failures. See docs/security.md.
 */
export class LoginThrottle {
  readonly #windowMs: number;
  readonly #slowdownMs: number;
  readonly #now: () => number;
  readonly #pairs: FailureLog;
  readonly #addresses: FailureLog;
  readonly #usernames: FailureLog;

  constructor(options: LoginThrottleOptions = {}) {
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#slowdownMs = options.slowdownMs ?? 1_000;
    this.#now = options.now ?? Date.now;
    const maxTracked = options.maxTracked ?? 10_000;
    this.#pairs = new FailureLog(options.maxPerUserAddress ?? 10, maxTracked);
    this.#addresses = new FailureLog(options.maxPerAddress ?? 50, maxTracked);
    this.#usernames = new FailureLog(options.slowAfterPerUsername ?? 10, maxTracked);
  }

  /**
   * Starts a sign-in of `username` from `address`. An allowed attempt counts as a failure at once
   * (so concurrent guesses cannot overshoot the limits while passwords are being verified) until
   * `succeeded()` is called.
   */
  begin(username: string, address: string): LoginAttempt {
    const now = this.#now();
    const since = now - this.#windowMs;
    const pair = `${address} ${username}`;
    const pairFreeAt = this.#pairs.freeAt(pair, since);
    const addressFreeAt = this.#addresses.freeAt(address, since);
    if (pairFreeAt !== undefined || addressFreeAt !== undefined) {
      const freeAt = Math.max(pairFreeAt ?? -Infinity, addressFreeAt ?? -Infinity);
      return {
        allowed: false,
        reason: pairFreeAt === undefined ? 'address' : 'user_from_address',
        retryAfterSeconds: Math.max(1, Math.ceil((freeAt + this.#windowMs - now) / 1000)),
      };
    }
    const slowed = this.#usernames.freeAt(username, since) !== undefined;
    this.#pairs.add(pair, now, since);
    this.#addresses.add(address, now, since);
    this.#usernames.add(username, now, since);
    return {
      allowed: true,
      slowdownMs: slowed ? this.#slowdownMs : 0,
      succeeded: () => {
        this.#pairs.clear(pair);
        this.#addresses.remove(address, now);
        this.#usernames.remove(username, now);
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

  /** When the key is at its limit: the failure time whose leaving the window frees it; else undefined. */
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
