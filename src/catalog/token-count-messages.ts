/** One request to the tokenizer's thread: count these texts within `budgetMs`. */
export interface TokenCountJob {
  id: number;
  texts: readonly string[];
  /** Epoch milliseconds when the count was asked for: its wait in line counts against the budget. */
  submittedAt: number;
  /** Milliseconds the count may take, from `submittedAt` or from when the thread became ready if later. */
  budgetMs: number;
}

/** The thread's answer: the total, or null when the time ran out first. */
export interface TokenCountAnswer {
  id: number;
  tokens: number | null;
}
