import { describe, expect, it } from 'vitest';
import { computeCost } from '../../../src/catalog/compute-cost.js';

// Prices are USD per 1M tokens; every expectation below is worked out by hand in its comment.
const claudeSonnet45 = { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 };
const gpt4o = { input: 2.5, output: 10, cachedInput: 1.25 };
const o4Mini = { input: 1.1, output: 4.4, cachedInput: 0.275 };
const sonarDeepResearch = { input: 2, output: 8, reasoning: 3 };

describe('computeCost', () => {
  it('prices plain input and output', () => {
    // 1,000 × $2.50 + 500 × $10 = 2,500 + 5,000 = 7,500 µ$ = $0.0075
    expect(computeCost({ inputTokens: 1000, outputTokens: 500, totalTokens: 1500 }, gpt4o)).toBe(0.0075);
  });

  it('prices Anthropic cache reads and 5-minute cache writes apart from fresh input', () => {
    // 10,000 input = 2,000 fresh + 6,000 read + 2,000 written.
    // 2,000 × 3 + 6,000 × 0.30 + 2,000 × 3.75 + 1,000 × 15 = 6,000 + 1,800 + 7,500 + 15,000 = 30,300 µ$
    const usage = {
      inputTokens: 10_000,
      outputTokens: 1000,
      totalTokens: 11_000,
      cachedInputTokens: 6000,
      cacheWriteTokens: 2000,
    };
    expect(computeCost(usage, claudeSonnet45)).toBe(0.0303);
  });

  it('prices OpenAI cached input at the cached rate', () => {
    // 1,200 input of which 1,024 cached: 176 × 2.50 + 1,024 × 1.25 + 300 × 10 = 440 + 1,280 + 3,000 = 4,720 µ$
    const usage = { inputTokens: 1200, outputTokens: 300, totalTokens: 1500, cachedInputTokens: 1024 };
    expect(computeCost(usage, gpt4o)).toBe(0.00472);
  });

  it('prices reasoning tokens as output when the model has no reasoning price', () => {
    // 2,000 × 1.10 + 5,000 × 4.40 (4,000 of them reasoning) = 2,200 + 22,000 = 24,200 µ$
    const usage = { inputTokens: 2000, outputTokens: 5000, totalTokens: 7000, reasoningTokens: 4000 };
    expect(computeCost(usage, o4Mini)).toBe(0.0242);
  });

  it('prices reasoning tokens at the reasoning price when there is one', () => {
    // 500 × 2 + (10,000 − 8,000) × 8 + 8,000 × 3 = 1,000 + 16,000 + 24,000 = 41,000 µ$
    const usage = { inputTokens: 500, outputTokens: 10_000, totalTokens: 10_500, reasoningTokens: 8000 };
    expect(computeCost(usage, sonarDeepResearch)).toBe(0.041);
  });

  it('charges cached and written tokens at the input price when the model has no cache prices', () => {
    // 1,000 × 0.10 (500 of them cached, 100 written) + 200 × 0.30 = 100 + 60 = 160 µ$
    const usage = {
      inputTokens: 1000,
      outputTokens: 200,
      totalTokens: 1200,
      cachedInputTokens: 500,
      cacheWriteTokens: 100,
    };
    expect(computeCost(usage, { input: 0.1, output: 0.3 })).toBe(0.00016);
  });

  it('caps over-reported cache and reasoning counts instead of going negative', () => {
    // cached capped at the 100 input tokens, reasoning at the 10 output tokens:
    // 100 × 0.30 + 10 × 15 = 30 + 150 = 180 µ$
    const usage = {
      inputTokens: 100,
      outputTokens: 10,
      totalTokens: 110,
      cachedInputTokens: 150,
      cacheWriteTokens: 20,
      reasoningTokens: 50,
    };
    expect(computeCost(usage, claudeSonnet45)).toBe(0.00018);
  });

  it('rounds to a billionth of a dollar', () => {
    // 7 × 0.00015 = 0.00105 µ$ = $1.05e-9 → $1e-9; 1 × 0.0001 µ$ = $1e-10 → $0
    expect(
      computeCost({ inputTokens: 7, outputTokens: 0, totalTokens: 7 }, { input: 0.00015, output: 0 }),
    ).toBe(1e-9);
    expect(
      computeCost({ inputTokens: 1, outputTokens: 0, totalTokens: 1 }, { input: 0.0001, output: 0 }),
    ).toBe(0);
    // 3 × 0.1 + 3 × 0.2 = 0.9 µ$ exactly, whatever the float sum says
    expect(
      computeCost({ inputTokens: 3, outputTokens: 3, totalTokens: 6 }, { input: 0.1, output: 0.2 }),
    ).toBe(9e-7);
  });

  it('costs nothing for no tokens', () => {
    expect(computeCost({ inputTokens: 0, outputTokens: 0, totalTokens: 0 }, claudeSonnet45)).toBe(0);
  });
});
