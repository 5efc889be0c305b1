import { describe, expect, it } from 'vitest';
import { LatencyWindow } from '../../../src/routing/latency-window.js';

describe('LatencyWindow', () => {
  it('has no mean before the first sample', () => {
    expect(new LatencyWindow().mean()).toBeUndefined();
  });

  it('averages the last `size` samples, dropping the oldest', () => {
    const window = new LatencyWindow(3);
    for (const sample of [100, 200, 300]) window.record(sample);
    expect(window.mean()).toBe(200);
    window.record(600); // replaces 100
    expect(window.mean()).toBe(1100 / 3);
  });
});
