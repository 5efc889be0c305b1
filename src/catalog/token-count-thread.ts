import { parentPort } from 'node:worker_threads';
import { countTokens } from 'gpt-tokenizer';
import { countInPieces } from './count-in-pieces.js';
import type { TokenCountJob, TokenCountAnswer } from './token-count-messages.js';

// Client text may contain `<|endoftext|>` and the like: count it as text instead of throwing.
const asPlainText = { disallowedSpecial: new Set<string>() };
const count = (text: string): number => countTokens(text, asPlainText);

/**
 * The tokenizer's thread: counts the texts of one job at a time, giving up on a job whose
 * deadline passed (also while it waited), so a costly text never holds the event loop and
 * never makes the jobs behind it wait past theirs.
 */
// Loading the tables took as long as the first counts' budget; that wait is not theirs.
const readyAt = Date.now();

parentPort?.on('message', (job: TokenCountJob) => {
  const deadline = Math.max(job.submittedAt, readyAt) + job.budgetMs;
  let tokens: number | null = 0;
  for (const text of job.texts) {
    const counted = Date.now() > deadline ? undefined : countInPieces(text, count, deadline);
    if (counted === undefined) {
      tokens = null;
      break;
    }
    tokens += counted;
  }
  const answer: TokenCountAnswer = { id: job.id, tokens };
  parentPort?.postMessage(answer);
});
