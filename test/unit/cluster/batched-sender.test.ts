import { describe, expect, it } from 'vitest';
import { BatchedSender } from '../../../src/cluster/batched-sender.js';
import type { ClusterBatch } from '../../../src/cluster/cluster-messages.js';

/** A sender whose channel records each batch and accepts it at once. */
function recordingSender(): { sender: BatchedSender<number>; batches: number[][] } {
  const batches: number[][] = [];
  const sender = new BatchedSender<number>((batch: ClusterBatch<number>, done) => {
    batches.push(batch.portico);
    done(null);
  });
  return { sender, batches };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('BatchedSender', () => {
  it('sends the items pushed in one event-loop turn as one batch, in order', async () => {
    const { sender, batches } = recordingSender();
    sender.push(1);
    sender.push(2);
    sender.push(3);
    expect(batches).toEqual([]); // not before the turn ends
    await nextTurn();
    expect(batches).toEqual([[1, 2, 3]]);
    sender.push(4);
    await nextTurn();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('flush sends what is queued now and resolves once the channel took it', async () => {
    const { sender, batches } = recordingSender();
    sender.push(1);
    await sender.flush();
    expect(batches).toEqual([[1]]);
    await nextTurn(); // the scheduled send finds nothing left: no empty batch
    expect(batches).toEqual([[1]]);
  });

  it('flush with nothing queued sends nothing', async () => {
    const { sender, batches } = recordingSender();
    await sender.flush();
    expect(batches).toEqual([]);
  });

  it('flush resolves even when the channel fails (the peer is gone)', async () => {
    const sender = new BatchedSender<number>((_batch, done) => done(new Error('channel closed')));
    sender.push(1);
    await expect(sender.flush()).resolves.toBeUndefined();
  });
});
