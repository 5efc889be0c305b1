import { describe, expect, it } from 'vitest';
import { createAdmit, type AdmitInput } from '../../../../src/pipeline/phases/admit.js';
import { PolicyEngine } from '../../../../src/policy/policy-engine.js';
import { grant as caller, passed, pricing, receivedContext, routeTable } from '../pipeline-fixtures.js';

function callContext(): AdmitInput {
  return passed<AdmitInput>(
    receivedContext({ caller, routeName: 'chat', route: routeTable().resolve('chat'), bodyBytes: 300 }),
  );
}

describe('admit', () => {
  it('reserves nothing, and estimates nothing, while no limit or budget exists', () => {
    const context = callContext();
    void createAdmit(new PolicyEngine(), pricing)(context);
    expect(context.admission).toBeUndefined();
    expect(Object.keys(context.responseHeaders)).toEqual(['x-request-id']);
  });

  it('reserves against the caller limits and puts their state on the answer head', () => {
    const policy = new PolicyEngine();
    policy.setRules({ limits: [{ scope: 'key', scopeId: 'k1', requestsPerMinute: 2 }], budgets: [] });
    const admit = createAdmit(policy, pricing);
    const first = callContext();
    void admit(first);
    expect(first.admission?.requests).toMatchObject({ limit: 2, remaining: 1 });
    expect(first.responseHeaders).toMatchObject({ 'x-ratelimit-limit-requests': '2' });
    void admit(callContext());
    expect(() => admit(callContext())).toThrow(expect.objectContaining({ code: 'gateway_rate_limited' }));
  });
});
