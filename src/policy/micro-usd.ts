/** Budget counters hold integer micro-USD, so sums are exact (see docs/limits-and-budgets.md). */
export const microPerUsd = 1_000_000;

/** USD → integer micro-USD, rounded (actual costs, stored spend); NaN and negatives count as 0. */
export function toMicroUsd(usdAmount: number): number {
  return Number.isFinite(usdAmount) && usdAmount > 0 ? Math.round(usdAmount * microPerUsd) : 0;
}

/** USD → integer micro-USD, rounded up (a reservation is never below the maximum cost). */
export function toMicroUsdCeil(usdAmount: number): number {
  if (!(usdAmount > 0)) return 0;
  // Round to nano-USD first so float noise (0.1 × 1e6 = 100000.00000000001) does not add a micro-dollar.
  return usdAmount === Infinity ? Infinity : Math.ceil(Math.round(usdAmount * 1e9) / 1000);
}

/**
 * Integer micro-USD for messages, to the micro-dollar the counters hold, at least two decimals:
 * `$5.00`, `$0.0003`, `$0.000247`. Never rounded, so sums printed next to a limit add up.
 */
export function formatMicroUsd(microUsd: number): string {
  if (!Number.isFinite(microUsd)) return 'an unbounded amount';
  const micro = Math.max(0, Math.ceil(microUsd));
  const whole = Math.floor(micro / microPerUsd);
  const fraction = String(micro % microPerUsd)
    .padStart(6, '0')
    .replace(/0{1,4}$/, '');
  return `$${whole}.${fraction.padEnd(2, '0')}`;
}
