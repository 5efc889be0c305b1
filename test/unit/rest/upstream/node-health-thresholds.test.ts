import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeHealth } from '../../../../src/rest/upstream/node-health.js';

const active = {
  path: '/health',
  intervalMs: 1000,
  timeoutMs: 100,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
};
const passive = { failures: 2, windowMs: 1000, cooldownMs: 5000 };

afterEach(() => {
  vi.useRealTimers();
});

describe('NodeHealth', () => {
  it('takes a node out after unhealthy_threshold failed probes and back after healthy_threshold', () => {
    const changes: boolean[] = [];
    const health = new NodeHealth(active, undefined, (healthy) => changes.push(healthy));
    health.recordProbe(false);
    health.recordProbe(false);
    expect(health.healthy).toBe(true);
    health.recordProbe(false);
    expect(health.healthy).toBe(false);
    health.recordProbe(true);
    expect(health.healthy).toBe(false);
    health.recordProbe(true);
    expect(health.healthy).toBe(true);
    expect(changes).toEqual([false, true]);
  });

  it('a success between failed probes restarts the count', () => {
    const health = new NodeHealth(active, undefined, () => undefined);
    health.recordProbe(false);
    health.recordProbe(false);
    health.recordProbe(true);
    health.recordProbe(false);
    health.recordProbe(false);
    expect(health.healthy).toBe(true);
  });

  it('ejects after failures within the window, half-opens after the cooldown, re-ejects on one failure', () => {
    vi.useFakeTimers();
    const changes: boolean[] = [];
    const health = new NodeHealth(undefined, passive, (healthy) => changes.push(healthy));
    health.recordOutcome(false, 0);
    health.recordOutcome(false, 1500); // the first one left the window
    expect(health.healthy).toBe(true);
    health.recordOutcome(false, 1600);
    expect(health.healthy).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(health.healthy).toBe(true);
    health.recordOutcome(false, 7000); // half-open: one failure is enough
    expect(health.healthy).toBe(false);
    vi.advanceTimersByTime(5000);
    health.recordOutcome(true, 13000); // closed again: failures count from zero
    health.recordOutcome(false, 13100);
    expect(health.healthy).toBe(true);
    expect(changes).toEqual([false, true, false, true]);
    health.close();
  });

  it('a success resets the failure count', () => {
    const health = new NodeHealth(undefined, passive, () => undefined);
    health.recordOutcome(false, 0);
    health.recordOutcome(true, 10);
    health.recordOutcome(false, 20);
    expect(health.healthy).toBe(true);
    health.close();
  });
});
