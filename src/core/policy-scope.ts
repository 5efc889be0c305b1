/** Who a rate limit applies to. */
export type RateLimitScope = 'key' | 'app' | 'tenant' | 'route';
/** Who a budget applies to (routes have no money of their own). */
export type BudgetScope = 'key' | 'app' | 'tenant';
