import { describe, expect, it } from 'vitest';
import { assertLifecycleTransition } from '../../../../src/control-plane/apply/lifecycle-transitions.js';
import type { Lifecycle } from '../../../../src/storage/database-schema.js';

const states: Lifecycle[] = ['draft', 'published', 'deprecated', 'retired'];
const allowed = new Set([
  'draft>published',
  'published>deprecated',
  'deprecated>retired',
  'deprecated>published',
]);

describe('assertLifecycleTransition', () => {
  for (const from of states) {
    for (const to of states) {
      const ok = from === to || allowed.has(`${from}>${to}`);
      it(`${ok ? 'allows' : 'refuses (409)'} ${from} → ${to}`, () => {
        if (ok) expect(() => assertLifecycleTransition(from, to)).not.toThrow();
        else
          expect(() => assertLifecycleTransition(from, to)).toThrow(expect.objectContaining({ status: 409 }));
      });
    }
  }
});
