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

/** `$0.0420`, `$12.50`: for messages. */
export function formatUsd(amount: number): string {
  return `$${amount.toFixed(amount < 1 ? 4 : 2)}`;
}
