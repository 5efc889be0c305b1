import { describe, expect, it } from 'vitest';
import {
  countTextTokens,
  exactCountLimitChars,
  linearTokenEstimate,
} from '../../../src/catalog/count-text-tokens.js';

describe('countTextTokens', () => {
  it('counts small texts exactly in the tokenizer thread', async () => {
    expect(await countTextTokens(['Hello, world!'])).toEqual({ tokens: 4, exact: true });
  });

  it('estimates linearly, without tokenizing, beyond the size limit', async () => {
    const text = 'a'.repeat(exactCountLimitChars + 1);
    expect(await countTextTokens([text])).toEqual({ tokens: linearTokenEstimate([text]), exact: false });
  });

  it('falls back to the linear estimate when the count runs out of time (random CJK)', async () => {
    let text = '';
    for (let index = 0; index < 600_000; index++)
      text += String.fromCharCode(0x4e00 + ((index * 7919) % 20_000));
    const counted = await countTextTokens([text]);
    expect(counted).toEqual({ tokens: 600_000, exact: false });
  });

  it('counts a single-letter run of 800,000 characters (25 s whole, quadratic) in pieces', async () => {
    const counted = await countTextTokens(['a'.repeat(800_000)]);
    expect(counted.exact).toBe(true);
    expect(counted.tokens).toBeGreaterThanOrEqual(100_000);
  });
});

describe('linearTokenEstimate', () => {
  it('counts a third of a token per ASCII character and one per other character', () => {
    expect(linearTokenEstimate(['abcdef', '模型'])).toBe(2 + 2);
  });
});
