import type { Lifecycle } from '../../storage/database-schema.js';
import { AdminError } from '../admin-error.js';

/** Where a route may go from each lifecycle state (see docs/services-and-config-as-code.md). */
export const lifecycleTransitions: Readonly<Record<Lifecycle, readonly Lifecycle[]>> = {
  draft: ['published'],
  published: ['deprecated'],
  deprecated: ['retired', 'published'],
  retired: [],
};

/** Throws 409 unless `from → to` is an allowed move; staying put is always allowed. */
export function assertLifecycleTransition(from: Lifecycle, to: Lifecycle): void {
  if (from === to || lifecycleTransitions[from].includes(to)) return;
  const allowed = lifecycleTransitions[from];
  throw new AdminError(
    'conflict',
    `A ${from} route cannot become ${to}; allowed: ${allowed.length === 0 ? 'none' : allowed.join(', ')}.`,
  );
}
