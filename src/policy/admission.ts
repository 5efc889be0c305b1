import type { CompiledBudget, CompiledLimit } from './compile-rules.js';

/** Header values of the tightest applicable limit of one kind (requests or tokens). */
export interface LimitHeader {
  limit: number;
  /** Left in the sliding minute after this call's reservation. */
  remaining: number;
  /** Ms until this call's reservation no longer counts if nothing more comes in; at most the 60 s window. */
  resetMs: number;
}

/**
 * What `PolicyEngine.admit` reserved for one call; hand it back to `PolicyEngine.settle` exactly
 * once. Fields other than the documented readonly ones are the engine's.
 */
export class Admission {
  /** Shared admission for calls no rule applies to: reserves nothing, settling it does nothing. */
  static readonly none = new Admission([], [], [], 0, 0, 0, undefined, undefined);

  /** Set by the first settle; later settles do nothing. */
  settled = false;

  constructor(
    readonly limits: readonly CompiledLimit[],
    readonly budgets: readonly CompiledBudget[],
    /** Period start of each budget's reservation, same order as `budgets`. */
    readonly budgetWindowStarts: readonly number[],
    /** Start of the minute bucket the tokens were reserved in. */
    readonly minuteStartMs: number,
    /** Tokens reserved against each tokens-per-minute limit. */
    readonly reservedTokens: number,
    /** Micro-USD reserved against each budget. */
    readonly reservedMicroUsd: number,
    readonly requests: LimitHeader | undefined,
    readonly tokens: LimitHeader | undefined,
  ) {}

  /** Adds `x-ratelimit-*` headers as OpenAI names them, for the tightest applicable limits. */
  addHeaders(into: Record<string, string>): void {
    const { requests, tokens } = this;
    if (requests !== undefined) {
      into['x-ratelimit-limit-requests'] = String(requests.limit);
      into['x-ratelimit-remaining-requests'] = String(requests.remaining);
      into['x-ratelimit-reset-requests'] = formatResetDuration(requests.resetMs);
    }
    if (tokens !== undefined) {
      into['x-ratelimit-limit-tokens'] = String(tokens.limit);
      into['x-ratelimit-remaining-tokens'] = String(tokens.remaining);
      into['x-ratelimit-reset-tokens'] = formatResetDuration(tokens.resetMs);
    }
  }
}

/** OpenAI's reset format: `20ms`, `1s`, `6m0s`. */
export function formatResetDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
