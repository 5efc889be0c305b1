import type { Pricing } from '../../catalog/pricing.js';
import type { PolicyEngine } from '../../policy/policy-engine.js';
import { estimateReservation } from '../estimate-reservation.js';
import type { GatewayContext } from '../gateway-context.js';
import type { Stage } from '../stage.js';

/**
 * Reserves the call's ceiling (tokens, money) and a request slot against every limit and budget
 * of its key, app, tenant and route, all or nothing; `settleAdmission` gives back what the call
 * did not use when the request ends. Synchronous: the counters are in memory.
 */
export function createAdmit(policy: PolicyEngine, pricing: Pricing): Stage {
  return (context) => {
    // No limit or budget anywhere: nothing to reserve, so no estimate either.
    if (!policy.hasRules) return;
    const caller = context.caller;
    const reservation = estimateReservation(context, pricing);
    context.admission = policy.admit(
      {
        ...(caller === undefined
          ? {}
          : { keyId: caller.keyId, appId: caller.appId, tenantId: caller.tenantId }),
        ...(context.service === undefined ? {} : { routeId: context.service.id }),
        estimatedTokens: reservation.tokens,
        maxCostUsd: reservation.costUsd,
      },
      Date.now(),
    );
    for (const [name, value] of context.admission.headers()) context.reply.setHeader(name, value);
  };
}

/** Gives the reservation back, replaced by what the call really used (nothing if it failed). */
export function settleAdmission(policy: PolicyEngine, context: GatewayContext): void {
  const admission = context.admission;
  if (admission === undefined) return;
  const usage = context.usage;
  policy.settle(admission, {
    tokens: usage === undefined ? 0 : usage.inputTokens + usage.outputTokens,
    costUsd: context.costUsd ?? 0,
  });
}
