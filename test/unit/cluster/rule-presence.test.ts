import { describe, expect, it } from 'vitest';
import { RulePresence } from '../../../src/cluster/rule-presence.js';

describe('RulePresence', () => {
  it('knows only whether any limit or budget exists', () => {
    const presence = new RulePresence();
    expect(presence.hasRules).toBe(false);
    presence.setRules({ limits: [{ scope: 'key', scopeId: 'k1', concurrent: 2 }], budgets: [] });
    expect(presence.hasRules).toBe(true);
    presence.setRules({ limits: [], budgets: [] });
    expect(presence.hasRules).toBe(false);
  });

  it('seeds no spend: the primary counts', () => {
    expect(() => new RulePresence().loadSpend()).not.toThrow();
  });
});
