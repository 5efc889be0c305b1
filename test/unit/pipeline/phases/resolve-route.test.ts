import { describe, expect, it } from 'vitest';
import type { Authenticated, Decoded, Resolved } from '../../../../src/pipeline/context/phases.js';
import { createResolveRoute } from '../../../../src/pipeline/phases/resolve-route.js';
import { passed, receivedContext, routeTable } from '../pipeline-fixtures.js';

describe('resolve', () => {
  const resolve = createResolveRoute(routeTable());

  it('turns the model name into its route', () => {
    const context = passed<Authenticated & Decoded & Resolved>(receivedContext({ routeName: 'chat' }));
    void resolve(context);
    expect(context.route.name).toBe('chat');
    expect(context.route.targets.map((target) => target.model)).toEqual(['gpt-4o-mini']);
  });

  it('refuses a name no route declares, as the unknown model', () => {
    const context = passed<Authenticated & Decoded>(receivedContext({ routeName: 'nope' }));
    expect(() => resolve(context)).toThrow(expect.objectContaining({ code: 'model_not_found' }));
  });
});
