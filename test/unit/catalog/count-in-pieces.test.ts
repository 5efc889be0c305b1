import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { countInPieces, maxPieceLength } from '../../../src/catalog/count-in-pieces.js';

const plain = { disallowedSpecial: new Set<string>() };
const count = (text: string): number => countTokens(text, plain);

describe('countInPieces', () => {
  it('counts normal text exactly as a whole count does', () => {
    const text = 'The quick brown fox jumps over the lazy dog.\n'.repeat(400);
    expect(countInPieces(text, count)).toBe(count(text));
  });

  it('hands the tokenizer no piece longer than the limit, also for one endless word', () => {
    const seen: number[] = [];
    const total = countInPieces('a'.repeat(100_000), (piece) => {
      seen.push(piece.length);
      return count(piece);
    });
    expect(Math.max(...seen)).toBeLessThanOrEqual(maxPieceLength);
    expect(seen.reduce((sum, length) => sum + length, 0)).toBe(100_000);
    expect(total).toBeGreaterThan(0);
  });

  it('stops at the deadline and says so', () => {
    let clock = 0;
    const result = countInPieces(
      'x'.repeat(10 * maxPieceLength),
      () => 1,
      3,
      () => clock++,
    );
    expect(result).toBeUndefined();
  });
});
