import type { PairedRatio } from './bench-result.js';
import { median } from './median.js';

/**
 * Round-by-round ratios of `tops` over `bottoms` (same rounds, same order), their median and range;
 * null when the rounds do not pair up or a round has no figure.
 */
export function pairedRatio(
  tops: readonly (number | null)[],
  bottoms: readonly (number | null)[],
): PairedRatio | null {
  if (tops.length === 0 || tops.length !== bottoms.length) return null;
  const rounds: number[] = [];
  for (const [index, top] of tops.entries()) {
    const bottom = bottoms[index];
    if (top === null || bottom === null || bottom === undefined || bottom === 0) return null;
    rounds.push(round3(top / bottom));
  }
  return {
    rounds,
    median: round3(median(rounds)),
    min: Math.min(...rounds),
    max: Math.max(...rounds),
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
