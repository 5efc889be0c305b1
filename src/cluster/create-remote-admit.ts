import type { Pricing } from '../catalog/pricing.js';
import { admitRequestOf, type AdmitStage } from '../pipeline/phases/admit.js';
import type { PrimaryLink } from './primary-link.js';

/**
 * The admit stage of a cluster worker: the primary reserves, so every limit and budget counts
 * the calls of all workers exactly. Costs one IPC round trip, and only while some limit or
 * budget exists (`hasRules` mirrors the rules this worker loaded from the store).
 */
export function createRemoteAdmit(link: PrimaryLink, pricing: Pricing, hasRules: () => boolean): AdmitStage {
  return async (context) => {
    if (!hasRules()) return;
    const admitted = await link.admit(admitRequestOf(context, pricing));
    context.admissionTicket = admitted.ticket;
    Object.assign(context.responseHeaders, admitted.headers);
  };
}
