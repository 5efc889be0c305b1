import { describe, expect, it } from 'vitest';
import { isClusterBatch, type PrimaryItem } from '../../../src/cluster/cluster-messages.js';

describe('isClusterBatch', () => {
  it('accepts the envelope the peer sends, empty or not', () => {
    expect(isClusterBatch<PrimaryItem>({ portico: [{ type: 'ready' }] })).toBe(true);
    expect(isClusterBatch({ portico: [] })).toBe(true);
  });

  it('ignores other IPC traffic', () => {
    for (const message of [
      null,
      undefined,
      'portico',
      42,
      [],
      {},
      { portico: 'ready' },
      { portico: { type: 'ready' } },
    ]) {
      expect(isClusterBatch(message)).toBe(false);
    }
  });
});
