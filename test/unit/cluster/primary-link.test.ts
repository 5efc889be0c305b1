import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ClusterBatch, PrimaryItem, WorkerItem } from '../../../src/cluster/cluster-messages.js';
import { PrimaryLink } from '../../../src/cluster/primary-link.js';
import type { CallRecord } from '../../../src/telemetry/call-log/call-record.js';
import { catchGatewayRejection } from '../../support/catch-gateway-error.js';

/** The worker's side of an IPC channel: records what is sent, and can deliver the primary's batches. */
class FakeChannel extends EventEmitter {
  connected = true;
  readonly sent: WorkerItem[][] = [];

  send(
    batch: ClusterBatch<WorkerItem>,
    _handle: undefined,
    _options: object,
    done: (error: Error | null) => void,
  ): boolean {
    this.sent.push(batch.portico);
    done(null);
    return true;
  }

  fromPrimary(...items: PrimaryItem[]): void {
    this.emit('message', { portico: items });
  }
}

function link(): { channel: FakeChannel; primary: PrimaryLink } {
  const channel = new FakeChannel();
  return { channel, primary: new PrimaryLink(channel as unknown as NodeJS.Process) };
}

const request = { tenantId: 't1', estimatedTokens: 10, maxCostUsd: 0.01 };

describe('PrimaryLink', () => {
  it('sends admits with increasing ids, batched, and resolves each with its own answer', async () => {
    const { channel, primary } = link();
    const first = primary.admit(request);
    const second = primary.admit({ ...request, tenantId: 't2' });
    await primary.flush();
    expect(channel.sent).toEqual([
      [
        { type: 'admit', id: 1, request },
        { type: 'admit', id: 2, request: { ...request, tenantId: 't2' } },
      ],
    ]);
    channel.fromPrimary(
      { type: 'admitted', id: 2, ticket: 20, headers: { 'x-b': '2' } },
      { type: 'admitted', id: 1, ticket: 10, headers: {} },
    );
    await expect(first).resolves.toMatchObject({ ticket: 10, headers: {} });
    await expect(second).resolves.toMatchObject({ ticket: 20, headers: { 'x-b': '2' } });
  });

  it('rejects a refused admit with the GatewayError a local admit would throw', async () => {
    const { channel, primary } = link();
    const pending = primary.admit(request);
    await primary.flush();
    channel.fromPrimary({
      type: 'refused',
      id: 1,
      error: {
        code: 'budget_exceeded',
        message: 'spent',
        retryAfterSeconds: 60,
        headers: { 'x-limit': '1' },
      },
    });
    const error = await catchGatewayRejection(pending);
    expect(error).toMatchObject({
      code: 'budget_exceeded',
      status: 402,
      message: 'spent',
      retryAfterSeconds: 60,
    });
    expect(error.headers).toEqual({ 'x-limit': '1' });
  });

  it('sends finish (a missing ticket as null) and other items', async () => {
    const { channel, primary } = link();
    const record = { requestId: 'r1' } as unknown as CallRecord;
    primary.finish(record, undefined);
    primary.finish(record, 7);
    primary.tell({ type: 'in-flight', count: 3 });
    await primary.flush();
    expect(channel.sent).toEqual([
      [
        { type: 'finish', ticket: null, record },
        { type: 'finish', ticket: 7, record },
        { type: 'in-flight', count: 3 },
      ],
    ]);
  });

  it('hands ready, reload and drain to the worker', () => {
    const { channel, primary } = link();
    const reloads: number[] = [];
    const drains: number[] = [];
    primary.handleReload((id) => reloads.push(id));
    primary.handleDrain((graceMs) => drains.push(graceMs));
    expect(primary.ready).toBe(false);
    channel.fromPrimary({ type: 'ready' }, { type: 'reload', id: 4 }, { type: 'drain', graceMs: 5_000 });
    expect(primary.ready).toBe(true);
    expect(reloads).toEqual([4]);
    expect(drains).toEqual([5_000]);
  });

  it('ignores answers for unknown ids and IPC messages that are not cluster batches', () => {
    const { channel, primary } = link();
    channel.emit('message', 'hello');
    channel.emit('message', { other: true });
    channel.fromPrimary({ type: 'admitted', id: 99, ticket: 1, headers: {} });
    expect(primary.ready).toBe(false);
  });

  it('does not hang a flush when the channel is disconnected', async () => {
    const { channel, primary } = link();
    channel.connected = false;
    primary.tell({ type: 'drained' });
    await primary.flush();
    expect(channel.sent).toEqual([]);
  });
});
