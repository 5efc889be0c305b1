import { describe, expect, it } from 'vitest';
import type { ServiceGrant } from '../../../../src/governance/governance-snapshot.js';
import type { GatewayContext } from '../../../../src/pipeline/context/gateway-context.js';
import { GovernanceState } from '../../../../src/governance/governance-state.js';
import {
  createAuthorizeRoute,
  type AuthorizeInput,
} from '../../../../src/pipeline/phases/authorize-route.js';
import { grant as caller, passed, policy, receivedContext, routeTable } from '../pipeline-fixtures.js';

const service: ServiceGrant = {
  id: 's1',
  name: 'chat',
  tenantId: null,
  visibility: 'shared',
  lifecycle: 'published',
  requiresApproval: false,
  logBodies: false,
};

function governed(services: ServiceGrant[], subscriptions: [string, 'approved' | 'pending'][] = []) {
  const state = new GovernanceState();
  state.keysRequired = true;
  state.snapshot = {
    ...state.snapshot,
    servicesByName: new Map(services.map((entry) => [entry.name, entry])),
    subscriptions: new Map(subscriptions),
  };
  return createAuthorizeRoute(state);
}

function resolvedContext(fields: Partial<GatewayContext> = {}): AuthorizeInput {
  return passed<AuthorizeInput>(
    receivedContext({ routeName: 'chat', route: routeTable().resolve('chat'), caller, ...fields }),
  );
}

describe('authorize', () => {
  it('records the service facts of a route the caller may use', () => {
    const context = resolvedContext();
    void governed([service])(context);
    expect(context.service).toBe(service);
    expect(context.warnings).toEqual([]);
  });

  it('answers a route the caller may not see as an unknown one', () => {
    const context = resolvedContext();
    const hidden = { ...service, visibility: 'private' as const, tenantId: 'other' };
    expect(() => governed([hidden])(context)).toThrow(expect.objectContaining({ code: 'model_not_found' }));
  });

  it('refuses a name outside the key allow-list', () => {
    const context = resolvedContext({ caller: { ...caller, allowedModels: [new Set(['other'])] } });
    expect(() => governed([service])(context)).toThrow(
      expect.objectContaining({ code: 'model_not_allowed' }),
    );
  });

  it('warns on a deprecated route and waits for an approval the route requires', () => {
    const deprecated = resolvedContext();
    void governed([{ ...service, lifecycle: 'deprecated' }])(deprecated);
    expect(deprecated.warnings).toEqual(['model chat is deprecated']);
    const pending = resolvedContext();
    const approval = { ...service, requiresApproval: true };
    expect(() => governed([approval], [['a1 s1', 'pending']])(pending)).toThrow(
      expect.objectContaining({ code: 'subscription_pending' }),
    );
    expect(() => governed([approval])(resolvedContext())).toThrow(
      expect.objectContaining({ code: 'subscription_required' }),
    );
    expect(() => governed([approval], [['a1 s1', 'approved']])(resolvedContext())).not.toThrow();
  });

  it("sets a route's own CORS headers once the caller may use it", () => {
    const table = routeTable([
      {
        name: 'chat',
        policy: { ...policy, cors: { origins: ['https://app.example'], credentials: false } },
        targets: [{ provider: 'up', model: 'gpt-4o-mini', weight: 1 }],
      },
    ]);
    const context = resolvedContext({
      route: table.resolve('chat'),
      headers: { origin: 'https://app.example' },
    });
    void governed([service])(context);
    expect(context.responseHeaders['access-control-allow-origin']).toBe('https://app.example');
  });
});
