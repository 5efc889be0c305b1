import { modelAllowed, type Caller, type GovernanceSnapshot } from './governance-snapshot.js';
import { isHidden } from './authorize-route.js';

/**
 * The governance snapshot the stages read, swapped whole when the store changes. Stages hold
 * this object, not a snapshot, so a reload reaches them without rebuilding the endpoints.
 */
export class GovernanceState {
  snapshot: GovernanceSnapshot = {
    keysByHash: new Map(),
    servicesByName: new Map(),
    subscriptions: new Map(),
    tenantNames: new Map(),
    httpServices: [],
    appsById: new Map(),
    appsByTenantAndName: new Map(),
  };
  /** False only while no API key exists at all (the open, first-run mode). */
  keysRequired = false;

  /**
   * Whether the model lists show route `name` to `caller`: not hidden from it, and named by
   * its allow-lists (routes that are not services are visible).
   */
  routeListed(name: string, caller: Caller | undefined): boolean {
    const service = this.snapshot.servicesByName.get(name);
    return (service === undefined || !isHidden(service, caller)) && modelAllowed(caller, name);
  }
}
