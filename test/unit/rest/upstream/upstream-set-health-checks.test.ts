import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpUpstreamSpec } from '../../../../src/config/http-service-schema.js';
import {
  UpstreamSet,
  type NodeStatus,
  type UpstreamCall,
} from '../../../../src/rest/upstream/upstream-set.js';
import { FakeRestNode } from '../../../support/fake-rest-node.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function node(id: string): Promise<FakeRestNode> {
  const started = await FakeRestNode.start({ id });
  cleanups.push(() => started.close());
  return started;
}

function upstreamSet(spec: HttpUpstreamSpec, changes: NodeStatus[]): UpstreamSet {
  const set = new UpstreamSet(spec, {
    serviceName: 'orders',
    onNodeChange: (status) => changes.push(status),
  });
  cleanups.push(() => set.close());
  return set;
}

const call = (): UpstreamCall => ({
  method: 'GET',
  pathAndQuery: '/orders',
  headers: {},
  body: null,
  signal: new AbortController().signal,
});

/** Sends GETs one after another until stopped; records every status (a throw counts as 0). */
function keepCalling(set: UpstreamSet): { statuses: number[]; stop(): Promise<void> } {
  const statuses: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const reply = await set.send(call());
        await text(reply.body);
        statuses.push(reply.statusCode);
      } catch {
        statuses.push(0);
      }
    }
  })();
  return {
    statuses,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe('active health checks', () => {
  it('take a failing node out and put it back, and no request fails meanwhile', async () => {
    const a = await node('a');
    const b = await node('b');
    const changes: NodeStatus[] = [];
    const set = upstreamSet(
      {
        nodes: [{ url: a.url }, { url: b.url }],
        health_check: {
          active: { path: '/health', interval_ms: 100, healthy_threshold: 2, unhealthy_threshold: 2 },
        },
      },
      changes,
    );
    await expect.poll(() => b.probes).toBeGreaterThan(0);
    const traffic = keepCalling(set);
    await expect.poll(() => b.calls.length).toBeGreaterThan(3);

    b.setHealthy(false);
    await expect.poll(() => set.status()[1]?.healthy, { timeout: 5_000 }).toBe(false);
    const callsWhileOut = b.calls.length;
    const servedWhileOut = traffic.statuses.length;
    await expect.poll(() => traffic.statuses.length).toBeGreaterThan(servedWhileOut + 20);
    expect(b.calls.length).toBe(callsWhileOut);

    b.setHealthy(true);
    await expect.poll(() => set.status()[1]?.healthy, { timeout: 5_000 }).toBe(true);
    await expect.poll(() => b.calls.length).toBeGreaterThan(callsWhileOut);
    await traffic.stop();

    expect(traffic.statuses.filter((status) => status !== 200)).toEqual([]);
    expect(changes.map(({ url, healthy }) => [url, healthy])).toEqual([
      [b.url, false],
      [b.url, true],
    ]);
  });

  it('answers 503 upstream_unavailable when no node is healthy', async () => {
    const a = await node('a');
    a.setHealthy(false);
    const set = upstreamSet(
      {
        nodes: [{ url: a.url }],
        health_check: { active: { path: '/health', interval_ms: 100, unhealthy_threshold: 1 } },
      },
      [],
    );
    await expect.poll(() => set.status()[0]?.healthy).toBe(false);
    await expect(set.send(call())).rejects.toMatchObject({ code: 'upstream_unavailable', status: 503 });
    expect(() => set.pick()).toThrow(/no healthy upstream node/);
  });

  it('counts a probe slower than timeout_ms as a failure', async () => {
    const a = await node('a');
    a.delayMs = 2_000;
    const set = upstreamSet(
      {
        nodes: [{ url: a.url }],
        health_check: {
          active: { path: '/health', interval_ms: 100, timeout_ms: 100, unhealthy_threshold: 1 },
        },
      },
      [],
    );
    await expect.poll(() => set.status()[0]?.healthy).toBe(false);
  });

  it('stops probing on close()', async () => {
    const a = await node('a');
    const clock = await node('clock');
    const active = { path: '/health', interval_ms: 100 };
    const closing = new UpstreamSet(
      { nodes: [{ url: a.url }], health_check: { active } },
      { serviceName: 'a' },
    );
    upstreamSet({ nodes: [{ url: clock.url }], health_check: { active } }, []);
    await expect.poll(() => a.probes).toBeGreaterThan(1);
    await closing.close();
    const probesAtClose = a.probes;
    // The other set keeps probing at the same pace: three more of its rounds have passed.
    const clockAtClose = clock.probes;
    await expect.poll(() => clock.probes).toBeGreaterThan(clockAtClose + 3);
    expect(a.probes).toBeLessThanOrEqual(probesAtClose + 1); // a probe already on the wire at close
  });
});

describe('passive health checks', () => {
  it('eject a node after failures in the window, then half-open it after the cooldown', async () => {
    const a = await node('a');
    const b = await node('b');
    b.mode = 'failing';
    const changes: NodeStatus[] = [];
    const set = upstreamSet(
      {
        nodes: [{ url: a.url }, { url: b.url }],
        health_check: { passive: { failures: 2, window_ms: 10_000, cooldown_ms: 300 } },
        retries: { attempts: 0 },
      },
      changes,
    );
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      const reply = await set.send(call());
      await text(reply.body);
      statuses.push(reply.statusCode);
    }
    expect(statuses).toEqual([200, 500, 200, 500]);
    expect(set.status()[1]?.healthy).toBe(false);
    for (let index = 0; index < 4; index += 1) await text((await set.send(call())).body);
    expect(b.calls).toHaveLength(2);

    b.mode = 'healthy';
    await expect.poll(() => set.status()[1]?.healthy).toBe(true);
    for (let index = 0; index < 4; index += 1) await text((await set.send(call())).body);
    expect(b.calls.length).toBeGreaterThan(2);
    expect(set.status()[1]?.healthy).toBe(true);
    expect(changes.map(({ healthy }) => healthy)).toEqual([false, true]);
  });
});
