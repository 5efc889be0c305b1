import type { Worker } from 'node:worker_threads';
import { spawnThread } from '../core/spawn-thread.js';
import type { TokenCountAnswer, TokenCountJob } from './token-count-messages.js';

/** A token count and how it was reached. */
export interface TextTokens {
  tokens: number;
  /** True when the o200k tokenizer counted every text; false for the linear estimate. */
  exact: boolean;
}

/** Characters of one request counted by the tokenizer at most; longer input gets the linear estimate. */
export const exactCountLimitChars = 1_000_000;
/** Longest one request's count may take in the tokenizer's thread (its wait in line included), ms. */
export const countTimeLimitMs = 500;
/** Counts waiting for the thread at most; more are estimated at once, so a flood cannot queue. */
const maxWaitingCounts = 32;

/**
 * The tokens of `texts`: counted by the o200k tokenizer in its own thread when they are at most
 * `exactCountLimitChars` long and the count ends within `countTimeLimitMs`; otherwise the linear
 * estimate. Never tokenizes on the event loop: one request's text cannot stall the others
 * (docs/security.md "Process availability").
 */
export async function countTextTokens(texts: readonly string[]): Promise<TextTokens> {
  let length = 0;
  for (const text of texts) length += text.length;
  if (length > exactCountLimitChars) return { tokens: linearTokenEstimate(texts), exact: false };
  const tokens = await thread.count(texts);
  return tokens === null ? { tokens: linearTokenEstimate(texts), exact: false } : { tokens, exact: true };
}

/**
 * Tokens by a rule linear in the text and never below the tokenizer's count for normal text: a
 * third of a token per ASCII character (English runs about 4 characters a token), one per other
 * character (CJK runs about 1 to 1.5 a character, so this may fall short for it).
 */
export function linearTokenEstimate(texts: readonly string[]): number {
  let ascii = 0;
  let other = 0;
  for (const text of texts) {
    for (let index = 0; index < text.length; index++) {
      if (text.charCodeAt(index) < 0x80) ascii++;
      else other++;
    }
  }
  return Math.ceil(ascii / 3) + other;
}

/** The tokenizer's thread, started on the first count and restarted if it dies. */
class TokenCountThread {
  #worker: Worker | undefined;
  readonly #waiting = new Map<number, (tokens: number | null) => void>();
  #nextId = 1;

  count(texts: readonly string[]): Promise<number | null> {
    if (this.#waiting.size >= maxWaitingCounts) return Promise.resolve(null);
    const worker = (this.#worker ??= this.#start());
    const job: TokenCountJob = {
      id: this.#nextId++,
      texts,
      submittedAt: Date.now(),
      budgetMs: countTimeLimitMs,
    };
    return new Promise((resolve) => {
      this.#waiting.set(job.id, resolve);
      worker.postMessage(job);
    });
  }

  #start(): Worker {
    // The o200k tables take about 70 MB; the bound turns a runaway into lost counts, not a swollen gateway.
    const worker = spawnThread(import.meta.url, 'token-count-thread', {
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    worker.unref();
    worker.on('message', (answer: TokenCountAnswer) => {
      const resolve = this.#waiting.get(answer.id);
      this.#waiting.delete(answer.id);
      resolve?.(answer.tokens);
    });
    worker.on('error', () => this.#lose(worker));
    worker.on('exit', () => this.#lose(worker));
    return worker;
  }

  /** A thread that failed or exited: its waiting counts fall back to the estimate; the next count starts a new one. */
  #lose(worker: Worker): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    for (const resolve of this.#waiting.values()) resolve(null);
    this.#waiting.clear();
  }
}

const thread = new TokenCountThread();
