import type { Pricing } from '../../catalog/pricing.js';
import type { PolicyEngine } from '../../policy/policy-engine.js';
import type { AdmitRequest } from '../../policy/policy-rules.js';
import { estimateReservation } from './estimate-reservation.js';
import type { Admitted, Authenticated, Authorized, Received } from '../context/phases.js';
import type { Stage } from '../stage.js';

/**
 * What admit needs: the caller and a service it may use. A model call has passed decode and
 * resolve before authorize, so its ceiling is known; a REST call reserves a request and no tokens.
 */
export type AdmitInput = Received & Authenticated & Authorized;

/** The admit phase, in one process (`createAdmit`) or a cluster worker (`createRemoteAdmit`). */
export type AdmitStage = Stage<AdmitInput, Admitted>;

/**
 * Reserves the call's ceiling (tokens, money) and a request slot against every limit and budget
 * of its key, app, tenant and route, all or nothing; the CallAccountant gives back what the call
 * did not use when the request ends. Synchronous: the counters are in memory.
 */
export function createAdmit(policy: PolicyEngine, pricing: Pricing): AdmitStage {
  return (context) => {
    // No limit or budget anywhere: nothing to reserve, so no estimate either.
    if (!policy.hasRules) return;
    context.admission = policy.admit(admitRequestOf(context, pricing), Date.now());
    context.admission.addHeaders(context.responseHeaders);
  };
}

/** Who calls which route, and the call's worst case in tokens and dollars. */
export function admitRequestOf(context: AdmitInput, pricing: Pricing): AdmitRequest {
  const caller = context.caller;
  const reservation = estimateReservation(context, pricing);
  // One object shape for every call (no conditional spreads): built on every request.
  return {
    keyId: caller?.keyId,
    appId: caller?.appId,
    tenantId: caller?.tenantId,
    routeId: context.service?.id,
    estimatedTokens: reservation.tokens,
    maxCostUsd: reservation.costUsd,
    unpricedModel: reservation.unpricedModel,
  };
}
