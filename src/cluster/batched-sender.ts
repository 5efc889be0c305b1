import type { ClusterBatch } from './cluster-messages.js';

/**
 * Collects items and sends them as one IPC message at the end of the current event-loop turn.
 * `flush()` resolves once everything queued so far was handed to the channel.
 */
export class BatchedSender<Item> {
  private queue: Item[] = [];
  private scheduled = false;

  constructor(
    private readonly send: (batch: ClusterBatch<Item>, done: (error: Error | null) => void) => void,
  ) {}

  push(item: Item): void {
    this.queue.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  flush(): Promise<void> {
    this.scheduled = false;
    if (this.queue.length === 0) return Promise.resolve();
    const batch = { portico: this.queue };
    this.queue = [];
    return new Promise((resolve) => {
      // A send that fails means the peer is gone; the items cannot be delivered anywhere else.
      this.send(batch, () => resolve());
    });
  }
}
