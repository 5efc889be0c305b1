import type { Usage } from '../core/chat.js';
import type { Pricing } from '../catalog/pricing.js';
import type { Target } from '../routing/route-table.js';
import type { GatewayContext } from './gateway-context.js';

/** Records the usage a provider reported and what it cost (usage × catalogue price). */
export function accountUsage(
  context: GatewayContext,
  pricing: Pricing,
  target: Target,
  usage: Usage | undefined,
): void {
  if (usage === undefined) return;
  context.usage = usage;
  const cost = pricing.cost(target.provider.settings.type, target.model, usage);
  if (cost !== undefined) context.costUsd = cost;
}
